"""The schema step an edit writes, for every kind of change, run by the generated app itself on a
database the app before the change filled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.artifacts import Entity, EntityField, Plan
from pipeline.projects.migrations import change_step, find_renames, with_steps
from pipeline.templates import render_backend
from pipeline.templates.contract import build_design
from pipeline.templates.extract import extract_spec

TEMPLATES = Path(__file__).parents[2] / "pipeline/templates/files/backend/app/migrations"

READ_AND_WRITE = """
import json, sys
from fastapi.testclient import TestClient
from app.main import create_app
with TestClient(create_app(sys.argv[1])) as client:
    for path, body in json.loads(sys.argv[2]).items():
        if body is not None:
            made = client.post(path, json=body)
            assert made.status_code == 201, made.text
    print(json.dumps({path: client.get(path).json() for path in json.loads(sys.argv[2])}))
"""


def backend(
    plan: Plan,
    folder: Path,
    steps_from: dict[str, str] | None = None,
    before: Plan | None = None,
    request: str = "",
) -> dict[str, str]:
    files = render_backend(plan, build_design(plan)).files
    if steps_from is not None and before is not None:
        files = with_steps(files, steps_from, before, plan, request)
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return files


def use(folder: Path, database: Path, writes: dict[str, object]) -> dict[str, list[dict[str, object]]]:
    done = subprocess.run(
        [sys.executable, "-c", READ_AND_WRITE, str(database), json.dumps(writes)],
        cwd=folder / "backend", capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, list[dict[str, object]]] = json.loads(done.stdout)
    return result


def field(name: str, type_: str, **more: object) -> EntityField:
    return EntityField.model_validate({"name": name, "type": type_, "label": name.title(), **more})


def changed_plan(before: Plan) -> Plan:
    """Every kind of change at once: required fields of each type added, a field made optional,
    a field removed, the entity renamed, and a new entity that links to it."""
    after = before.model_copy(deep=True)
    todo = after.entities[0]
    todo.name, todo.plural, todo.label, todo.plural_label = "task", "tasks", "Task", "Tasks"
    todo.fields = [f for f in todo.fields if f.name != "priority"]
    todo.fields[0].required = False  # the title: NOT NULL in the database until now
    todo.fields += [
        field("owner_name", "string", required=True),
        field("story", "text", required=True),
        field("points", "integer", required=True),
        field("budget", "number", required=True),
        field("starts_on", "date", required=True),
        field("remind_at", "datetime", required=True),
        field("contact", "email", required=True),
        field("page", "url", required=True),
        field("size", "string", required=True, choices=["small", "large"]),
        field("urgent", "boolean", required=True),
        field("labels", "tags", required=True),
    ]
    note = Entity(
        name="note", plural="notes", label="Note", plural_label="Notes", title_field="text",
        fields=[field("text", "string", required=True), field("task_id", "reference", references="task")],
    )  # fmt: skip
    after.entities.append(note)
    return after


@pytest.mark.slow
def test_every_kind_of_change_keeps_the_old_rows_readable_and_the_new_app_working(tmp_path: Path) -> None:
    before = extract_spec("build a todo app")
    database = tmp_path / "app.db"
    old_files = backend(before, tmp_path / "v1")
    use(tmp_path / "v1", database, {"/api/todos": {"title": "Buy milk", "priority": "high", "notes": "two"}})

    request = "rename todos to tasks"
    after = changed_plan(before)
    renames = find_renames(before, after, request)
    assert renames.entities == {"todo": "task"}
    files = backend(after, tmp_path / "v2", old_files, before, request)
    step = files["backend/app/migrations/0002_rename_todos_to_tasks.py"]
    assert 'drop_column(conn, "tasks", "priority", keep_in="tasks_priority_removed_0002")' in step

    sample = {"text": "Call back", "task_id": 1}
    seen = use(tmp_path / "v2", database, {"/api/tasks": None, "/api/notes": sample})
    (old,) = seen["/api/tasks"]
    assert old["title"] == "Buy milk" and old["notes"] == "two" and "priority" not in old
    assert old["owner_name"] == "(not set)" and old["size"] == "small" and old["points"] == 0
    assert old["starts_on"] == old["created_at"][:10] and old["remind_at"] == old["created_at"]
    assert old["urgent"] is False and old["labels"] == []
    assert seen["/api/notes"][0]["task_id"] == 1
    untitled = {k: v for k, v in _full_task().items() if k != "title"}
    again = use(tmp_path / "v2", database, {"/api/tasks": untitled})  # the title may be left out now
    assert len(again["/api/tasks"]) == 2


def _full_task() -> dict[str, object]:
    return {
        "title": "x", "owner_name": "Ada", "story": "long", "points": 3, "budget": 2.5,
        "starts_on": "2026-01-01", "remind_at": "2026-01-01T10:00:00", "contact": "a@b.co",
        "page": "https://example.com", "size": "large", "urgent": True, "labels": ["a"],
    }  # fmt: skip


def test_a_change_the_tables_do_not_see_writes_no_step() -> None:
    before = extract_spec("build a todo app")
    after = before.model_copy(deep=True)
    after.app_name = "Chores"
    assert change_step(before, after, "call it Chores", 2) is None


def test_a_model_rename_is_read_from_the_request_when_one_field_goes_and_one_of_its_type_comes() -> None:
    before = extract_spec("build a todo app")
    after = before.model_copy(deep=True)
    after.entities[0].fields[1].name = "remarks"  # notes → remarks, as a model might answer
    assert find_renames(before, after, "please rename the notes field to remarks").fields == {
        "todo": {"notes": "remarks"}
    }
    assert find_renames(before, after, "I want remarks instead of notes").fields == {}
    step = change_step(before, after, "I want remarks instead of notes", 2)
    assert step is not None and "drop_column" in step[1] and 'ADD COLUMN "remarks"' in step[1]


def test_the_generated_steps_and_runner_pass_ruff(tmp_path: Path) -> None:
    before = extract_spec("build a todo app")
    files = with_steps(
        render_backend(changed_plan(before), build_design(changed_plan(before))).files,
        render_backend(before, build_design(before)).files,
        before,
        changed_plan(before),
        "rename todos to tasks",
    )
    for path, text in files.items():
        if path.startswith("backend/app/migrations/"):
            (tmp_path / Path(path).name).write_text(text)
    config = tmp_path / "ruff.toml"  # the app's own: its owner runs ruff under it
    config.write_text(files["backend/ruff.toml"])
    for check in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *check, "--config", str(config), "--no-cache", str(tmp_path)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
