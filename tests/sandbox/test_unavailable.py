"""Without a working sandbox, generated code is not run: runtime checks are skipped with the
reason, ``check --level run`` says so and exits 3, the service refuses ``level: run``; with the
operator's explicit opt-in it runs, and every run says it ran unsandboxed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.artifacts import Design, FileSet
from pipeline.sandbox import SandboxUnavailable, run_sandboxed, sandbox_status
from pipeline.sandbox import process as sandbox_process
from pipeline.validate import validate
from tests.test_cli import run

NO_BWRAP = (False, "bubblewrap (bwrap) is not installed: apt-get install bubblewrap", "")
BACKEND = FileSet(
    files={
        "backend/app/__init__.py": "",
        "backend/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "backend/tests/test_it.py": "def test_it():\n    assert True\n",
        "backend/requirements.txt": "fastapi\npytest\n",
    }
)


@pytest.fixture
def no_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_process, "_probe", lambda: NO_BWRAP)
    monkeypatch.delenv("PIPELINE_UNSANDBOXED", raising=False)


def test_the_probe_finds_this_machines_sandbox() -> None:
    status = sandbox_status()
    assert status.available and status.reason == "" and status.process_limit in ("cgroup", "rlimit")


@pytest.mark.usefixtures("no_sandbox")
def test_nothing_runs_and_the_checks_say_why(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        run_sandboxed([sys.executable, "-c", f"open({str(marker)!r}, 'w')"], cwd=tmp_path)
    assert not marker.exists()
    found = validate(Design(contract={}, resources=[]), BACKEND, FileSet(), "run")
    skipped = [d for d in found if d.check == "sandbox.unavailable"]
    assert skipped and all("not run without a sandbox" in d.message for d in skipped)
    assert not [d for d in found if d.check.startswith("tests.")]


@pytest.mark.usefixtures("no_sandbox")
def test_check_level_run_refuses_and_exits_3(tmp_path: Path) -> None:
    for path, text in BACKEND.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    code, out, _ = run("check", str(tmp_path), "--level", "run")
    assert code == 3 and "no working sandbox" in " ".join(out.split())
    code, out, _ = run("check", str(tmp_path), "--level", "static")
    assert code == 0, out


@pytest.mark.usefixtures("no_sandbox")
def test_the_service_refuses_level_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path))
    from pipeline.server import create_app

    with TestClient(create_app()) as client:
        refused = client.post(
            "/api/v1/generate", json={"prompt": "build a todo app", "options": {"level": "run"}}
        )
        assert refused.status_code == 422 and "no working sandbox" in refused.json()["detail"]


def test_the_operators_opt_in_runs_unsandboxed_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox_process, "_probe", lambda: NO_BWRAP)
    monkeypatch.setenv("PIPELINE_UNSANDBOXED", "1")
    outcome = run_sandboxed([sys.executable, "-c", "print('ran')"], cwd=tmp_path)
    assert outcome.isolation == "none" and outcome.stdout.strip() == "ran"
    found = validate(Design(contract={}, resources=[]), BACKEND, FileSet(), "run")
    assert any(d.check == "sandbox.off" and "WITHOUT a sandbox" in d.message for d in found)
