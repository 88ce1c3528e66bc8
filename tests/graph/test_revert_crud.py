"""Errors in the plain CRUD revert one entity's CRUD, not the whole side: the custom operations
whose own tests pass stay, and each thing reverted or removed is a ``dropped`` entry."""

from __future__ import annotations

from typing import Any

from langgraph.types import Overwrite

from pipeline.agents.arch import parse_design
from pipeline.agents.protocol import apply_answer, parse_code_answer
from pipeline.artifacts import Diagnostic, FileSet, Plan
from pipeline.graph.nodes.policy import narrow
from pipeline.graph.revert_crud import crud_failures, crud_modules, revert_crud
from pipeline.templates import render_backend, render_frontend
from tests.agents.custom_apps import POMODORO
from tests.scripted import ScriptedChat, run_scripted

PLAN = Plan.model_validate_json(POMODORO["core"])
DESIGN = parse_design(POMODORO["arch"], PLAN)
SCAFFOLD = render_backend(PLAN, DESIGN).files
ROUTES = "backend/app/routes/focus_sessions.py"
CRUD_TESTS = "backend/tests/test_focus_sessions.py"
MODEL_TESTS = "backend/tests/test_pomodoro.py"
CRUD_FAILED = Diagnostic(
    file=CRUD_TESTS,
    line=20,
    check="tests.failed",
    message="test_create_returns_the_new_focus_session failed: assert 500 == 201",
)
MODEL_CRUD_TEST = """

def test_a_session_can_be_renamed(client):
    made = client.post("/api/focus-sessions", json={"task": "a", "minutes": 5, "status": "running"}).json()
    assert client.patch(f"/api/focus-sessions/{made['id']}", json={"task": "b"}).json()["title"] == "b"
"""


def _model_changed() -> dict[str, str]:
    """The models' backend: the operations done, and the sessions' CRUD changed (and broken)."""
    files, failures = apply_answer(dict(SCAFFOLD), parse_code_answer(POMODORO["backend"], prefix="backend/"))
    assert not failures and MODEL_TESTS in files
    files[ROUTES] = files[ROUTES].replace("return db.list(TABLE", "return [] or db.list(TABLE")
    assert files[ROUTES] != SCAFFOLD[ROUTES]
    return files


def test_the_entitys_crud_modules_are_the_scaffolds_routes_and_tests() -> None:
    assert crud_modules(DESIGN.resources[0], SCAFFOLD) == [ROUTES, CRUD_TESTS]


def test_a_crud_error_reverts_that_entitys_crud_only() -> None:
    files = _model_changed()
    revert = crud_failures([CRUD_FAILED], DESIGN, files, SCAFFOLD)
    assert revert is not None and list(revert.entities) == ["focus_session"]
    kept, dropped = revert_crud(revert, DESIGN, files, SCAFFOLD)
    assert kept[ROUTES] == SCAFFOLD[ROUTES] and kept[MODEL_TESTS] == files[MODEL_TESTS]
    assert dropped == [
        f"changes to the plain CRUD of focus_session ({ROUTES}) went back to the scaffold: "
        f"{CRUD_TESTS}: {CRUD_FAILED.message}"
    ]


def test_a_crud_error_with_the_crud_as_the_scaffold_wrote_it_cannot_be_narrowed() -> None:
    assert crud_failures([CRUD_FAILED], DESIGN, dict(SCAFFOLD), SCAFFOLD) is None  # the cause is elsewhere
    broken_import = Diagnostic(file="backend/app/main.py", check="runtime.import", message="no module")
    assert crud_failures([broken_import, CRUD_FAILED], DESIGN, _model_changed(), SCAFFOLD) is None


def test_a_models_test_of_the_plain_crud_that_fails_is_removed_and_said() -> None:
    files = _model_changed()
    files[ROUTES] = SCAFFOLD[ROUTES]
    files[MODEL_TESTS] += MODEL_CRUD_TEST
    line = files[MODEL_TESTS].count("\n") - 1  # the test's assertion
    failed = Diagnostic(
        file=MODEL_TESTS,
        line=line,
        check="tests.failed",
        message="test_a_session_can_be_renamed failed: KeyError",
    )
    revert = crud_failures([failed], DESIGN, files, SCAFFOLD)
    assert revert is not None and list(revert.tests) == [(MODEL_TESTS, "test_a_session_can_be_renamed")]
    kept, dropped = revert_crud(revert, DESIGN, files, SCAFFOLD)
    assert (
        "test_a_session_can_be_renamed" not in kept[MODEL_TESTS]
        and "def test_stats_count_only_finished_sessions" in kept[MODEL_TESTS]
    )
    assert dropped == [
        f"test {MODEL_TESTS}::test_a_session_can_be_renamed removed: it checked only the plain CRUD and "
        f"failed ({MODEL_TESTS}: {failed.message})"
    ]


def test_narrowing_keeps_every_custom_operation_when_only_the_crud_failed() -> None:
    files = _model_changed()
    state: dict[str, Any] = {
        "plan": PLAN,
        "design": DESIGN,
        "frontend_files": render_frontend(PLAN, DESIGN),
    }
    update = narrow(state, [CRUD_FAILED], FileSet(files=files), "static")  # type: ignore[arg-type]
    assert update is not None
    assert [op.operation_id for op in update["design"].custom_operations] == [
        "start_session",
        "session_stats",
    ]
    backend = update["backend_files"]
    assert isinstance(backend, Overwrite)
    assert backend.value.files[ROUTES] == SCAFFOLD[ROUTES] and MODEL_TESTS in backend.value.files
    assert len(update["dropped"]) == 1 and update["dropped"][0].text.startswith(
        "changes to the plain CRUD of focus_session"
    )
    assert not [d for d in update["diagnostics"] if d.severity == "error"]


MOVED = """<edit path="backend/app/routes/focus_sessions.py">
<<<<<<< SEARCH
router = APIRouter(prefix="/api/focus-sessions", tags=["focus_sessions"])
=======
router = APIRouter(prefix="/api/sessions", tags=["focus_sessions"])
>>>>>>> REPLACE
</edit>
"""


async def test_a_run_whose_crud_kept_failing_keeps_its_operations_and_says_what_went_back() -> None:
    """The backend's model moves the sessions' CRUD off its contract path and does not put it
    back in its fix round: the CRUD goes back to the scaffold, the two operations stay."""
    chats = {
        "core": ScriptedChat().enqueue(POMODORO["core"]),
        "arch": ScriptedChat().enqueue(POMODORO["arch"]),
        "backend": ScriptedChat().enqueue(POMODORO["backend"] + MOVED, "<no-changes/>"),
        "uix": ScriptedChat().enqueue(POMODORO["uix"]),
    }
    final, events = await run_scripted(POMODORO["request"], chats, validate_level="static", max_fix_rounds=1)
    summary = final["summary"]
    assert len(chats["backend"].seen) == 2  # the first answer, then one fix round
    assert summary.status == "partial" and not [d for d in summary.diagnostics if d.severity == "error"]
    assert [op.operation_id for op in final["design"].custom_operations] == ["start_session", "session_stats"]
    backend = final["backend_files"].files
    assert backend[ROUTES] == render_backend(PLAN, final["design"]).files[ROUTES]
    assert "pipeline: stub" not in backend["backend/app/routes/operations.py"] and MODEL_TESTS in backend
    assert len(summary.dropped) == 1
    assert summary.dropped[0].cause == "left_out"
    assert summary.dropped[0].text.startswith(
        f"changes to the plain CRUD of focus_session ({ROUTES}) went back"
    )
    said = [(e["stage"], e["reason"]) for e in events if e["event"] == "dropped"]
    assert said == [("revert", summary.dropped[0].text)]
