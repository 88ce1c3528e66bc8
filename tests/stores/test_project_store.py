"""The project store on SQLite and on PostgreSQL: projects and versions survive the process that
made them, version numbers never repeat however many are added at once, another owner's project
is not found, and deleting a project says which files to remove. The file store's tests run on
the folder store and on a bucket of a real S3-compatible server."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from pipeline.stores.file_store import FileStore, FilesUnavailable, FolderFiles, version_key
from pipeline.stores.open_files import open_files
from pipeline.stores.project_store import ProjectStore, open_project_store, sql_url
from tests.s3server import Bucket, bucket, file_store, s3_endpoint  # noqa: F401  (the bucket's fixtures)

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


@pytest.fixture(params=["folder", "s3"])
def files(request: pytest.FixtureRequest, tmp_path: Path) -> FileStore:
    found: FileStore = file_store(request.param, tmp_path, request)
    return found


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
    store: ProjectStore, files: FileStore
) -> None:
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
    assert files.keys("versions") == []


def test_the_sqlite_schema_is_alembics(tmp_path: Path) -> None:
    open_project_store(sql_url(None, tmp_path)).close()
    with sqlite3.connect(tmp_path / "projects.db") as conn:
        assert conn.execute("SELECT version_num FROM pipeline_store_version").fetchall() == [("0001",)]


def test_the_file_store_refuses_keys_that_leave_it(files: FileStore) -> None:
    for key in ("../x", "/etc/passwd", "versions/../../x", "Versions/A.zip", ""):
        with pytest.raises(ValueError):
            files.put(key, b"x")
    files.put("versions/abc.zip", b"one")
    files.put("versions/abc.zip", b"two")
    assert files.get("versions/abc.zip") == b"two" and files.get("versions/none.zip") is None
    assert files.keys("versions") == ["versions/abc.zip"]


def test_the_file_store_lists_a_folder_and_tells_sizes(files: FileStore) -> None:
    files.put("versions/b.zip", b"x" * 1500)
    files.put("versions/a.zip", b"")
    files.put("versions/old/c.zip", b"abc")
    files.put("versionsx/d.zip", b"d")  # a name that starts the same is another folder
    assert files.keys("versions") == ["versions/a.zip", "versions/b.zip", "versions/old/c.zip"]
    assert files.keys("version") == [] and files.keys("nothing") == []
    assert (files.size("versions/b.zip"), files.size("versions/a.zip"), files.size("versions/z.zip")) == (
        1500,
        0,
        None,
    )
    files.delete("versions/b.zip")
    files.delete("versions/b.zip")  # gone already: nothing happens
    assert files.get("versions/b.zip") is None and files.size("versions/b.zip") is None
    assert files.keys("versions") == ["versions/a.zip", "versions/old/c.zip"]


def test_a_bucket_is_used_when_configured_else_the_data_folder(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    assert open_files(tmp_path, {}).where == str(tmp_path / "files")
    in_bucket = file_store("s3", tmp_path, request)
    in_bucket.put("versions/abc.zip", b"zip")
    found: Bucket = request.getfixturevalue("bucket")
    assert in_bucket.where == f"s3://{found.name}"
    assert found.keys() == ["versions/abc.zip"]  # an object of the bucket, nothing on disk
    assert not (tmp_path / "files").exists()


def test_a_bucket_that_is_not_there_stops_the_store_at_start_with_its_name(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    found: Bucket = request.getfixturevalue("bucket")
    file_store("s3", tmp_path, request).check()  # the real bucket reads
    missing = open_files(tmp_path, {**found.env, "PIPELINE_S3_BUCKET": "no-such-bucket-here"})
    with pytest.raises(FilesUnavailable, match="s3://no-such-bucket-here cannot be read"):
        missing.check()
    FolderFiles(tmp_path / "made" / "files").check()  # a folder is made when missing
    assert (tmp_path / "made" / "files").is_dir()
    (tmp_path / "plain").write_text("a file, not a folder")
    with pytest.raises(FilesUnavailable, match="cannot be made"):
        FolderFiles(tmp_path / "plain" / "files").check()


def test_an_account_is_listed_whole_counted_and_deleted_with_its_files_named(store: ProjectStore) -> None:
    ada, bob = store.user("token", "ada"), store.user("token", "bob")
    store.create_project("a" * 32, owner=ada, name="Todo", request="r", made_by=ada)
    store.add_version("a" * 32, job_id="b" * 32, request="change", made="edit", made_by=ada)
    store.create_project("c" * 32, owner=ada, name="Notes", request="r", made_by=ada)
    store.create_project("d" * 32, owner=bob, name="Habits", request="r", made_by=bob)
    store.add_version("d" * 32, job_id="e" * 32, request="Ada's change", made="edit", made_by=ada)
    for job, size in (("a" * 32, 100), ("b" * 32, 50), ("d" * 32, 7), ("e" * 32, 8)):
        store.set_files(job, version_key(job), size)
    owned = store.owned(ada)
    assert [(p.id, [v.number for v in p.versions]) for p in owned] == [("a" * 32, [1, 2]), ("c" * 32, [1])]
    usage = store.usage()
    assert [(u["user"], u["projects"], u["versions"], u["bytes"]) for u in usage["users"]] == [
        (ada, 2, 3, 150), (bob, 1, 2, 15),
    ]  # fmt: skip
    assert usage["totals"] == {"users": 2, "projects": 3, "versions": 5, "bytes": 165}
    assert [u["user"] for u in store.usage(limit=1)["users"]] == [ada]

    assert store.delete_user(ada) == [version_key("a" * 32), version_key("b" * 32)]
    assert store.owned(ada) == [] and store.project("a" * 32) is None and store.version("b" * 32) is None
    assert store.subject(ada) is None  # the user row too
    kept = store.project("d" * 32, bob)  # Bob's project keeps the version Ada made in it
    assert kept is not None and [(v.number, v.made_by) for v in kept.versions] == [(1, bob), (2, None)]
    assert store.usage()["totals"] == {"users": 1, "projects": 1, "versions": 2, "bytes": 15}


def test_a_bucket_prefix_keeps_the_files_in_one_folder_of_the_bucket(
    tmp_path: Path,
    bucket: Bucket,  # noqa: F811
) -> None:
    files = open_files(tmp_path, {**bucket.env, "PIPELINE_S3_PREFIX": "/pipeline/prod/"})
    files.put("versions/abc.zip", b"zip")
    assert bucket.keys() == ["pipeline/prod/versions/abc.zip"]  # as the bucket sees it
    assert files.keys("versions") == ["versions/abc.zip"] and files.get("versions/abc.zip") == b"zip"
    assert files.where == f"s3://{bucket.name}/pipeline/prod" and files.size("versions/abc.zip") == 3
    files.delete("versions/abc.zip")
    assert bucket.keys() == []


def test_a_users_row_is_made_once_however_many_requests_ask_for_their_id(store: ProjectStore) -> None:
    """A signed-in person's every request asks for their user id (``signed_in_user``): one
    INSERT makes their row, the requests after it only read it; a deleted account is made again
    on its next sight, by this process or any other."""
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(store.engine, "before_cursor_execute", count)
    ada = store.user("oidc", "ada")
    for _ in range(50):
        assert store.user("oidc", "ada") == ada
    assert statements.count("INSERT") == 1 and set(statements) == {"SELECT", "INSERT"}
    assert store.subject(ada) == ("oidc", "ada")
    statements.clear()
    store.delete_user(ada)
    assert store.subject(ada) is None
    statements.clear()
    assert store.user("oidc", "ada") == ada and store.user("oidc", "ada") == ada
    assert statements.count("INSERT") == 1 and store.subject(ada) == ("oidc", "ada")
    # another process's store (a fresh one here) finds the row there: its INSERT makes nothing
    other = open_project_store(str(store.engine.url.render_as_string(hide_password=False)))
    try:
        assert other.user("oidc", "ada") == ada and other.usage()["totals"]["users"] == 1
        # deleted by the other process: this one makes the row again at once (a project can be owned)
        other.delete_user(ada)
        assert store.user("oidc", "ada") == ada and store.subject(ada) == ("oidc", "ada")
        store.create_project("q" * 32, owner=ada, name="q", request="r")
    finally:
        other.close()
