"""Reverting only as far as one must, as pure functions over the design and the files; and the
tombstones that let a merge say "gone"."""

from __future__ import annotations

from pipeline.agents.arch import parse_design
from pipeline.artifacts import Diagnostic, FileSet, Plan
from pipeline.graph.revert import drop_operations, failing_operations, left_out_stubs
from pipeline.graph.state import merge_files
from pipeline.projects.merge import rebase
from pipeline.templates import render_backend, render_frontend
from tests.agents.custom_apps import POMODORO

PLAN = Plan.model_validate_json(POMODORO["core"])
DESIGN = parse_design(POMODORO["arch"], PLAN)


def test_a_merge_of_changed_files_also_removes_the_deleted_ones() -> None:
    left = FileSet(files={"a.py": "1", "b.py": "2"})
    merged = merge_files(left, FileSet(files={"a.py": "3"}, deleted=["b.py"]))
    assert merged.files == {"a.py": "3"}
    recreated = merge_files(merged, FileSet(files={"b.py": "4"}, deleted=[]))
    assert recreated.files == {"a.py": "3", "b.py": "4"}


def test_an_edits_rebase_keeps_a_file_the_last_generation_deleted_gone() -> None:
    old = {"t/test_a.py": "a\n", "t/test_b.py": "b\n"}
    new = {"t/test_a.py": "a\n", "t/test_b.py": "b\n", "t/test_c.py": "c\n"}
    files, collided = rebase(old, {"t/test_a.py": "a\n"}, new, deleted={"t/test_b.py"})
    assert files == {"t/test_a.py": "a\n", "t/test_c.py": "c\n"} and collided == []
    files, _ = rebase(old, {"t/test_a.py": "a\n", "t/test_b.py": "b\n"}, new)
    assert "t/test_b.py" in files


def test_errors_speak_for_the_operations_they_name_or_the_revert_cannot_be_narrowed() -> None:
    files = render_backend(PLAN, DESIGN).files
    by_test = Diagnostic(
        file="backend/tests/test_x.py", check="tests.failed", message="m", operations=["session_stats"]
    )
    by_label = Diagnostic(
        file="backend/app/main.py", check="contract.status", message="GET /api/pomodoro/stats: answers 500"
    )
    stub_line = files["backend/app/routes/operations.py"].split("\n").index(
        next(line for line in files["backend/app/routes/operations.py"].split("\n") if "start_session is not" in line)
    ) + 1  # fmt: skip
    by_line = Diagnostic(
        file="backend/app/routes/operations.py",
        line=stub_line,
        check="operation.not-implemented",
        message="stub",
    )
    assert failing_operations([by_test], DESIGN, files) == {"session_stats"}
    assert failing_operations([by_label], DESIGN, files) == {"session_stats"}
    assert failing_operations([by_line], DESIGN, files) == {"start_session"}
    crud = Diagnostic(file="backend/tests/test_focus_sessions.py", check="tests.failed", message="CRUD broke")
    assert failing_operations([by_test, crud], DESIGN, files) is None


def test_dropping_an_operation_takes_its_route_its_tests_and_its_contract_and_nothing_else() -> None:
    files = render_backend(PLAN, DESIGN).files
    files["backend/tests/test_stats.py"] = (
        "def test_stats(client):\n    assert client.get('/api/pomodoro/stats').status_code == 200\n"
    )
    reduced, kept, removed = drop_operations(DESIGN, files, {"session_stats"})
    assert [op.operation_id for op in reduced.custom_operations] == ["start_session"]
    assert (
        "/api/pomodoro/stats" not in reduced.contract["paths"]
        and "/api/pomodoro/start" in reduced.contract["paths"]
    )
    assert "backend/tests/test_stats.py" not in kept  # no test left in it
    assert removed == [
        "backend/tests/test_operations.py::test_session_stats_answers_as_the_contract_says",
        "backend/tests/test_stats.py::test_stats",
    ]
    routes = kept["backend/app/routes/operations.py"]
    assert '"/api/pomodoro/stats"' not in routes and '"/api/pomodoro/start"' in routes
    compile(routes, "operations.py", "exec")
    assert "test_start_session_answers_as_the_contract_says" in kept["backend/tests/test_operations.py"]
    api = left_out_stubs(
        render_frontend(PLAN, reduced).files["frontend/src/api.js"], DESIGN.custom_operations
    )
    assert api.count("export function startSession(") == 1 and "export function sessionStats()" in api
