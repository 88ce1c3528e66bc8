"""The project store on SQLite and on PostgreSQL: projects and versions survive the process that
made them, version numbers never repeat however many are added at once, another owner's project
is not found, and deleting a project says which files to remove."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pipeline.stores.file_store import FolderFiles, version_key
from pipeline.stores.project_store import ProjectStore, open_project_store, sql_url

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sql_url(None, tmp_path / "data")
        return
    # a schema of its own on the shared server: other tests' tables are never touched
    schema = f"projects_test_{secrets.token_hex(4)}"
    admin = create_engine(sql_url(PG_URL, tmp_path))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield sql_url(PG_URL, tmp_path) + f"?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(url: str) -> Iterator[ProjectStore]:
    opened = open_project_store(url)
    yield opened
    opened.close()


def test_a_project_and_its_versions_outlive_the_store_that_made_them(url: str) -> None:
    first = open_project_store(url)
    ada = first.user("token", "sha256-of-adas-token")
    made = first.create_project(
        "a" * 32, owner=ada, name="Todo List", request="build a todo app", made_by=ada
    )
    assert [v.number for v in made.versions] == [1] and made.versions[0].status == "queued"
    first.finish_version(
        "a" * 32, status="succeeded", summary={"files": 40}, files_key="versions/a.zip", files_bytes=9
    )
    assert first.add_version("a" * 32, job_id="b" * 32, request="add a rating", made="edit", made_by=ada) == 2
    first.close()

    again = open_project_store(url)  # a new process: the schema is there, so are the records
    assert again.user("token", "sha256-of-adas-token") == ada
    project = again.project("a" * 32, ada)
    assert project is not None and project.name == "Todo List"
    assert [(v.number, v.request, v.made, v.status) for v in project.versions] == [
        (1, "build a todo app", "generate", "succeeded"), (2, "add a rating", "edit", "queued"),
    ]  # fmt: skip
    assert project.versions[0].summary == {"files": 40}
    found = again.version("b" * 32)
    assert found is not None and found[0] == "a" * 32 and found[1].number == 2
    again.close()


def test_versions_added_at_once_get_distinct_numbers(store: ProjectStore) -> None:
    owner = store.user("secret", "s")
    store.create_project("p" * 32, owner=owner, name="p", request="r")
    numbers: list[int] = []

    def add(i: int) -> None:
        numbers.append(
            store.add_version("p" * 32, job_id=f"{i:032x}", request=f"change {i}", made="edit", made_by=owner)
        )

    threads = [threading.Thread(target=add, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(2, 14))
    project = store.project("p" * 32)
    assert project is not None and [v.number for v in project.versions] == list(range(1, 14))


def test_owners_see_only_their_own_projects_newest_first(store: ProjectStore) -> None:
    ada, bob = store.user("token", "ada"), store.user("token", "bob")
    for i in range(3):
        store.create_project(f"{i}" * 32, owner=ada, name=f"App {i}", request="r")
    store.add_version("0" * 32, job_id="e" * 32, request="change", made="edit", made_by=ada)  # now the newest
    assert [p.name for p in store.projects(ada)] == ["App 0", "App 2", "App 1"]
    assert [p.name for p in store.projects(ada, limit=1, offset=1)] == ["App 2"]
    assert store.projects(bob) == [] and store.project("0" * 32, bob) is None
    assert not store.rename("0" * 32, bob, "Mine now") and store.rename("0" * 32, ada, "Chores")
    assert store.delete("0" * 32, bob) is None


def test_deleting_a_project_removes_its_versions_and_names_its_files(
    store: ProjectStore, tmp_path: Path
) -> None:
    files = FolderFiles(tmp_path / "files")
    ada = store.user("token", "ada")
    store.create_project("a" * 32, owner=ada, name="Todo", request="r")
    store.add_version("a" * 32, job_id="b" * 32, request="c", made="edit", made_by=ada)
    for job in ("a" * 32, "b" * 32):
        files.put(version_key(job), b"zip of " + job.encode())
        store.finish_version(job, status="succeeded", files_key=version_key(job), files_bytes=40)
    assert store.bytes_of(ada) == 80
    keys = store.delete("a" * 32, ada)
    assert keys == [version_key("a" * 32), version_key("b" * 32)]
    for key in keys:
        files.delete(key)
    assert store.project("a" * 32) is None and store.version("b" * 32) is None and store.bytes_of(ada) == 0
    assert list((tmp_path / "files").rglob("*.zip")) == []


def test_the_sqlite_schema_is_alembics(tmp_path: Path) -> None:
    open_project_store(sql_url(None, tmp_path)).close()
    with sqlite3.connect(tmp_path / "projects.db") as conn:
        assert conn.execute("SELECT version_num FROM pipeline_store_version").fetchall() == [("0001",)]


def test_the_folder_store_refuses_keys_that_leave_it(tmp_path: Path) -> None:
    files = FolderFiles(tmp_path / "files")
    for key in ("../x", "/etc/passwd", "versions/../../x", "Versions/A.zip", ""):
        with pytest.raises(ValueError):
            files.put(key, b"x")
    files.put("versions/abc.zip", b"one")
    files.put("versions/abc.zip", b"two")
    assert files.get("versions/abc.zip") == b"two" and files.get("versions/none.zip") is None
    assert [p.name for p in (tmp_path / "files" / "versions").iterdir()] == ["abc.zip"]
