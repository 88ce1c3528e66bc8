"""A new version's preview starts on the data of the version it was made from, migrated by its
own app; once it has data of its own, that is what it starts on."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from pipeline.projects.app_data import data_to_start_from, made_from
from tests.projects.test_app_data import cli, served


def test_an_edit_names_its_base_and_a_generation_or_a_restore_none() -> None:
    assert made_from({"options": {"edit_of": "a" * 32}}) == "a" * 32
    assert made_from({"options": {}}) is None and made_from({}) is None


def test_v2_starts_on_v1s_records_and_then_on_its_own(tmp_path: Path) -> None:
    kept_root = tmp_path / "data"

    def kept(job_id: str) -> Path:
        return kept_root / job_id

    v1, v2 = "1" * 32, "2" * 32
    project = tmp_path / "todo"
    cli("build a todo app", "--out", str(project))
    kept(v1).mkdir(parents=True)
    with served(project, kept(v1) / "app.db") as app:  # v1's preview, its data kept on stop
        assert app.post("/api/todos", json={"title": "From v1"}).status_code == 201
    cli("edit", str(project), "add a rating to todos")

    start_on = data_to_start_from(kept, v2, v1)
    assert start_on == kept(v1)
    stage = tmp_path / "stage"  # what the preview does: a copy of it in the new app's stage
    shutil.copytree(start_on, stage)
    with served(project, stage / "app.db") as app:
        (item,) = app.get("/api/todos").json()
        assert item["title"] == "From v1" and item["rating"] is None
        assert app.patch(f"/api/todos/{item['id']}", json={"rating": 2}).json()["rating"] == 2
    shutil.copytree(stage, kept(v2))  # v2 stops: its data is kept as its own

    assert data_to_start_from(kept, v2, v1) == kept(v2)
    assert data_to_start_from(kept, v1, None) == kept(v1)
    with sqlite3.connect(kept(v1) / "app.db") as conn:  # v1's data is as v1 left it
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "rating" not in {row[1] for row in conn.execute('PRAGMA table_info("todos")')}
