"""Generated code runs only in the sandbox: it cannot write outside its folder or reach the network."""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

from pipeline.artifacts import FileSet
from pipeline.sandbox import SandboxLimits, run_sandboxed
from pipeline.validate.runtime import run_backend_tests


def test_a_hostile_test_suite_is_blocked_and_reported(tmp_path: Path) -> None:
    outside = tmp_path / "escaped.txt"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    connections: list[object] = []
    threading.Thread(target=lambda: connections.append(listener.accept()), daemon=True).start()
    hostile = f"""
import socket
from pathlib import Path


def test_writes_outside_its_folder():
    Path({str(outside)!r}).write_text("escaped")


def test_opens_a_socket():
    socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
"""
    backend = FileSet(
        files={"backend/tests/test_hostile.py": hostile, "backend/requirements.txt": "pytest\n"}
    )
    found = run_backend_tests(backend, limits=SandboxLimits(timeout_s=60))
    listener.close()
    assert not outside.exists()
    assert connections == []
    failed = {d.message.split(" failed")[0] for d in found if d.check == "tests.failed"}
    assert failed == {"test_writes_outside_its_folder", "test_opens_a_socket"}
    assert all(d.file == "backend/tests/test_hostile.py" and d.line > 0 for d in found)


def test_timeouts_kill_the_process_group(tmp_path: Path) -> None:
    outcome = run_sandboxed(
        [sys.executable, "-c", "import time; time.sleep(60)"], cwd=tmp_path, limits=SandboxLimits(timeout_s=1)
    )
    assert outcome.timed_out
    assert outcome.returncode < 0


def test_memory_is_capped(tmp_path: Path) -> None:
    outcome = run_sandboxed(
        [sys.executable, "-c", "x = bytearray(3 * 1024**3)"],
        cwd=tmp_path,
        limits=SandboxLimits(timeout_s=30, memory_mb=512),
    )
    assert outcome.returncode != 0
    assert "MemoryError" in outcome.stderr


def test_provider_keys_are_not_passed_to_generated_code(tmp_path: Path, monkeypatch: object) -> None:
    import os

    os.environ["GROQ_API_KEY"] = "gsk_must_not_leak_0000000000"
    try:
        outcome = run_sandboxed([sys.executable, "-c", "import os; print(sorted(os.environ))"], cwd=tmp_path)
    finally:
        del os.environ["GROQ_API_KEY"]
    assert "GROQ_API_KEY" not in outcome.stdout and outcome.returncode == 0
