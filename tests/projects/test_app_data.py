"""A generated app keeps its records across edits: each edit writes a schema step, and the edited
app, started on the old database file, serves what was there and saves the new field."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from pipeline.cli import main
from tests.servers import free_port, wait_for


def cli(*args: str) -> None:
    assert main([*args, "--offline", "--json"], stdout=open(os.devnull, "w")) == 0  # noqa: SIM115


@contextmanager
def served(project: Path, database: Path) -> Iterator[httpx.Client]:
    """The project's backend under uvicorn on a real port, on ``database``."""
    port = free_port()
    env = {**os.environ, "DATABASE_PATH": str(database), "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--no-access-log"],
        cwd=project / "backend", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert wait_for(f"http://127.0.0.1:{port}/openapi.json", 30), (
            process.stderr and process.stderr.read1()
        )
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        process.terminate()
        process.wait(10)


def steps(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "backend/app/migrations").glob("0*.py"))


@pytest.fixture
def todo(tmp_path: Path) -> Path:
    root = tmp_path / "todo"
    cli("build a todo app", "--out", str(root))
    return root


@pytest.mark.slow
def test_a_record_made_before_an_edit_is_served_after_it_and_the_new_field_saves(
    todo: Path, tmp_path: Path
) -> None:
    database = tmp_path / "app.db"
    with served(todo, database) as app:
        made = app.post("/api/todos", json={"title": "Buy milk", "notes": "two litres"})
        assert made.status_code == 201, made.text
    cli("edit", str(todo), "add a rating to todos")
    assert steps(todo) == ["0001_initial.py", "0002_add_a_rating_to_todos.py"]
    with served(todo, database) as app:
        (item,) = app.get("/api/todos").json()
        assert item["title"] == "Buy milk" and item["notes"] == "two litres" and item["rating"] is None
        rated = app.patch(f"/api/todos/{item['id']}", json={"rating": 4})
        assert rated.status_code == 200 and rated.json()["rating"] == 4
        fresh = app.post("/api/todos", json={"title": "Call Ada", "rating": 5})
        assert fresh.status_code == 201 and fresh.json()["rating"] == 5
        assert [t["rating"] for t in app.get("/api/todos").json()] == [5, 4]


@pytest.mark.slow
def test_a_rename_keeps_the_values_and_a_removal_keeps_them_recoverable(todo: Path, tmp_path: Path) -> None:
    database = tmp_path / "app.db"
    with served(todo, database) as app:
        assert app.post(
            "/api/todos", json={"title": "Pay rent", "notes": "by the 1st", "priority": "high"}
        ).is_success
    cli("edit", str(todo), "rename notes to details in todos")
    cli("edit", str(todo), "remove priority from todos")
    assert steps(todo)[1:] == [
        "0002_rename_notes_to_details_in_todos.py",
        "0003_remove_priority_from_todos.py",
    ]
    with served(todo, database) as app:
        (item,) = app.get("/api/todos").json()
        assert item["details"] == "by the 1st" and "notes" not in item and "priority" not in item
        assert app.post("/api/todos", json={"title": "Water plants", "details": "twice"}).status_code == 201
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        kept = conn.execute('SELECT "id", "priority" FROM "todos_priority_removed_0003"').fetchall()
    assert kept == [(item["id"], "high")]


def test_a_new_database_gets_every_step_and_an_app_made_before_migrations_is_carried_on(
    todo: Path, tmp_path: Path
) -> None:
    """The scaffold's first step is the table as it was; a database made by an app from before
    migrations existed (its tables there, version 0) takes the steps from the first."""
    database = tmp_path / "old.db"
    initial = (todo / "backend/app/migrations/0001_initial.py").read_text()
    assert 'CREATE TABLE IF NOT EXISTS "todos"' in initial
    with sqlite3.connect(database) as conn:  # what `CREATE TABLE IF NOT EXISTS` at start-up left
        conn.execute(initial.split('"""\n    ')[1].split('\n    """')[0])
        conn.execute(
            """INSERT INTO "todos" ("title", "created_at") VALUES ('Old one', '2026-01-02T03:04:05')"""
        )
    with served(todo, database) as app:
        assert [t["title"] for t in app.get("/api/todos").json()] == ["Old one"]
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
