"""Fix rounds with a model that makes real mistakes: the round sees the evidence, a delete holds,
and a revert keeps every operation whose own tests pass. Each run executes the generated app's
own test suite in the sandbox (``--level run``)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from pipeline import PipelineContext, RunSummary, Settings, build_graph, runner
from pipeline.artifacts import FileSet
from pipeline.cli import main
from pipeline.validate.runtime import run_backend_tests
from tests.agents.custom_apps import POMODORO
from tests.scripted import ScriptedChat, ScriptedModels

pytestmark = pytest.mark.slow

AGENTS = ("core", "arch", "backend", "uix", "debug")
RIGHT = 'sum(s["minutes"] for s in done)'
WRONG = 'sum(s["minutes"] for s in sessions)'
BUGGY_BACKEND = POMODORO["backend"].replace(RIGHT, WRONG)  # counts the running session's minutes too
FIX = f"""The sum must count only the finished sessions.
<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
        "focus_minutes": {WRONG},
=======
        "focus_minutes": {RIGHT},
>>>>>>> REPLACE
</edit>
"""
ADVICE = json.dumps(
    {"advice": {"backend/app/routes/operations.py": "add up the minutes of done sessions only"}}
)
OBSOLETE_TEST = """
<file path="backend/tests/test_obsolete.py">
from fastapi.testclient import TestClient


def test_stats_have_a_total(client: TestClient) -> None:
    assert "total" in client.get("/api/pomodoro/stats").json()
</file>
"""


def _settings(**extra: Any) -> Settings:
    return Settings(**{f"agent_{a}": f"local:{a}" for a in AGENTS}, validate_level="run", **extra)


async def _run(
    backend: ScriptedChat, out: Path, *, debug: ScriptedChat | None = None, **settings: Any
) -> tuple[RunSummary, dict[str, Any], list[dict[str, Any]]]:
    chats = {
        "core": ScriptedChat().enqueue(POMODORO["core"]),
        "arch": ScriptedChat().enqueue(POMODORO["arch"]),
        "uix": ScriptedChat().enqueue(POMODORO["uix"]),
        "backend": backend,
        **({"debug": debug} if debug else {}),  # without one, DEBUG's chain is spent: no advice
    }
    context = PipelineContext(settings=_settings(**settings), models=ScriptedModels(**chats))
    events: list[dict[str, Any]] = []
    final: dict[str, Any] = {}
    async for mode, chunk in build_graph().astream(
        {"prompt": POMODORO["request"], "output_dir": str(out)}, context=context, stream_mode=["custom", "values"]
    ):  # fmt: skip
        if mode == "custom":
            events.append(chunk)
        else:
            final = chunk
    return final["summary"], final, events


def _backend_on_disk(out: Path) -> FileSet:
    return FileSet(
        files={
            str(p.relative_to(out)): p.read_text()
            for p in (out / "backend").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".db")
        }
    )


async def test_a_fix_round_sees_the_assertion_the_projects_frame_the_code_under_test_and_the_advice(
    tmp_path: Path,
) -> None:
    backend = ScriptedChat().enqueue(BUGGY_BACKEND, FIX)
    debug = ScriptedChat().enqueue(ADVICE)
    summary, _, _ = await _run(backend, tmp_path / "app", debug=debug)
    assert summary.status == "succeeded" and summary.fix_rounds == 1 and summary.dropped == []
    fix = str(backend.seen[1][-1].content)
    # the failing assertion with its actual and expected values, never cut at a terminal's width
    assert "{'focus_minutes': 75} != {'focus_minutes': 25}" in fix
    # the traceback's frame in the project's own test file, as the project names it
    assert re.search(r"backend/tests/test_pomodoro\.py:\d+ in test_stats_count_only_finished_sessions", fix)
    assert "/tmp/" not in fix and "site-packages" not in fix and "pipeline-tests-" not in fix
    # the module under test, shown whole, with the faulty line in it
    assert '<file path="backend/app/routes/operations.py">' in fix and WRONG in fix
    # the operation's contract, the user's request and DEBUG's advice
    assert "GET /api/pomodoro/stats (session_stats)" in fix and '"focus_minutes"' in fix
    assert f"The user asked: {POMODORO['request']}" in fix
    assert "Advice: add up the minutes of done sessions only" in fix
    # DEBUG's model saw the same evidence and the code before advising
    asked = str(debug.seen[0][-1].content)
    assert "{'focus_minutes': 75} != {'focus_minutes': 25}" in asked
    assert '<file path="backend/app/routes/operations.py">' in asked
    assert run_backend_tests(_backend_on_disk(tmp_path / "app")) == []


async def test_a_delete_in_a_fix_round_stays_deleted(tmp_path: Path) -> None:
    delete = (
        'That test asks for a key the contract never had.\n<delete path="backend/tests/test_obsolete.py"/>'
    )
    backend = ScriptedChat().enqueue(POMODORO["backend"] + OBSOLETE_TEST, delete)
    summary, final, events = await _run(backend, tmp_path / "app")
    rounds = [e for e in events if e["event"] == "validation"]
    assert [r["next"] for r in rounds] == [["backend"], []]  # the delete ended the failures
    assert summary.status == "succeeded" and summary.fix_rounds == 1
    assert "backend/tests/test_obsolete.py" not in final["backend_files"].files
    assert not (tmp_path / "app" / "backend" / "tests" / "test_obsolete.py").exists()
    assert (tmp_path / "app" / "backend" / "tests" / "test_pomodoro.py").is_file()


def test_a_revert_drops_only_the_failing_operation_the_run_is_partial_and_the_cli_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = ScriptedChat().enqueue(BUGGY_BACKEND, "<no-changes/>")  # the bug is never fixed
    chats = {
        "core": ScriptedChat().enqueue(POMODORO["core"]),
        "arch": ScriptedChat().enqueue(POMODORO["arch"]),
        "uix": ScriptedChat().enqueue(POMODORO["uix"]),
        "backend": backend,
    }
    monkeypatch.setattr(runner, "edge_models", lambda settings, models: ScriptedModels(**chats))
    for agent in AGENTS:
        monkeypatch.setenv(f"PIPELINE_AGENT_{agent.upper()}", f"local:{agent}")
    out = tmp_path / "app"
    stdout = io.StringIO()
    code = main([POMODORO["request"], "--out", str(out), "--level", "run", "--json"], stdout=stdout)
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    summary = lines[-1]
    assert code == 1 and summary["status"] == "partial"
    assert len(summary["dropped"]) == 1 and summary["dropped"][0]["cause"] == "left_out"
    assert summary["dropped"][0]["route"] == "GET /api/pomodoro/stats"  # named, not only in words
    assert summary["dropped"][0]["operation_id"] == "session_stats"
    left_out = summary["dropped"][0]["text"]
    assert "(session_stats)" in left_out and "test_stats_count_only_finished_sessions" in left_out
    assert [e["reason"] for e in lines if e["event"] == "dropped"] == [left_out]
    # the operation whose own tests pass stays, with its tests; the failing one left the contract
    contract = json.loads((out / "openapi.json").read_text())
    assert "/api/pomodoro/start" in contract["paths"] and "/api/pomodoro/stats" not in contract["paths"]
    routes = (out / "backend" / "app" / "routes" / "operations.py").read_text()
    assert "timedelta(minutes=body.minutes)" in routes and "/api/pomodoro/stats" not in routes
    tests = (out / "backend" / "tests" / "test_pomodoro.py").read_text()
    assert "def test_a_started_session_runs_for_its_minutes" in tests
    assert "def test_stats_count_only_finished_sessions" not in tests
    assert "session_stats" not in (out / "backend" / "tests" / "test_operations.py").read_text()
    # the frontend keeps its views; the client says the left-out operation is gone
    assert (out / "frontend" / "src" / "components" / "Timer.jsx").is_file()
    api = (out / "frontend" / "src" / "api.js").read_text()
    assert "export function startSession(" in api and "was left out of this app" in api
    assert "/api/pomodoro/stats" not in api
    readme = (out / "README.md").read_text()
    assert "## Not in this version" in readme and "`GET /api/pomodoro/stats` (session_stats)" in readme
    assert run_backend_tests(_backend_on_disk(out)) == []
