"""A user's export and the deletion of their account, over HTTP against the real service, with
two users and the files in the folder store or in a bucket of a real S3-compatible server: the
export holds exactly the caller's projects, every version's files and their records; after the
deletion none of the caller's files, records or previews are left, and the other user's are all
there. The operator's view of what is stored follows."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import httpx
import pytest

from pipeline.stores.file_store import version_key
from tests.s3server import Bucket, bucket, s3_endpoint  # noqa: F401  (the bucket's fixtures)
from tests.server.test_service import Service, wait_done

pytestmark = pytest.mark.slow
ADA, BOB, ADMIN = {"Authorization": "Bearer ada-token"}, {"Authorization": "Bearer bob-token"}, "op-token"


def make(client: httpx.Client, who: dict[str, str], prompt: str) -> str:
    made = client.post("/api/v1/generate", json={"prompt": prompt, "options": {"offline": True}}, headers=who)
    assert made.status_code == 202, made.text
    assert wait_done(client, made.json()["job_id"])["status"] == "succeeded"
    return str(made.json()["job_id"])


def stored(tmp_path: Path, store: Bucket | None) -> list[str]:
    """Every key of the file store, read from outside the service."""
    if store is not None:
        return store.keys()
    root = tmp_path / "data" / "files"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_a_user_exports_everything_they_hold_then_deletes_it_all(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    store: Bucket | None = request.getfixturevalue("bucket") if kind == "s3" else None
    env = {
        "PIPELINE_API_TOKENS": "ada-token,bob-token",
        "PIPELINE_ADMIN_TOKENS": ADMIN,
        **(store.env if store else {}),
    }
    svc = Service(tmp_path, **env)
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            todo, notes = make(client, ADA, "build a todo app"), make(client, ADA, "a notes app")
            edit = client.post(
                f"/api/v1/jobs/{todo}/edits", json={"request": "add a rating to todos"}, headers=ADA
            )
            assert edit.status_code == 202, edit.text
            rated = str(edit.json()["job_id"])
            assert wait_done(client, rated, timeout=120)["status"] == "succeeded"
            habits = make(client, BOB, "a habit tracker")
            ada_keys = [version_key(j) for j in (todo, rated, notes)]
            assert stored(tmp_path, store) == sorted([*ada_keys, version_key(habits)])
            if store is not None:  # the bucket holds them: nothing is on disk
                assert not (tmp_path / "data" / "files").exists()

            assert client.get("/api/v1/me/export").status_code == 401
            answer = client.get("/api/v1/me/export", headers=ADA)
            assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
            assert "attachment" in answer.headers["content-disposition"]
            with zipfile.ZipFile(io.BytesIO(answer.content)) as export:
                names = export.namelist()
                records = json.loads(export.read("records.json"))
                assert export.read(f"projects/{todo}/v1/backend/app/main.py")  # a version's files, unpacked
            assert {p["id"] for p in records["projects"]} == {todo, notes}  # exactly Ada's
            assert not any(habits in n for n in names) and habits not in json.dumps(records)
            kept = {p["id"]: p for p in records["projects"]}
            assert [(v["version"], v["job_id"], v["request"], v["status"]) for v in kept[todo]["versions"]] == [
                (1, todo, "build a todo app", "succeeded"), (2, rated, "add a rating to todos", "succeeded"),
            ]  # fmt: skip
            assert (
                kept[todo]["name"] == "Todo List"
                and kept[todo]["versions"][0]["summary"]["app_name"] == "Todo List"
            )
            assert f"projects/{todo}/v2/backend/app/migrations/0002_add_a_rating_to_todos.py" in names
            assert all(
                v["files"] == f"projects/{p}/v{v['version']}/" for p in kept for v in kept[p]["versions"]
            )
            assert {n.split("/")[1] for n in names if n.startswith("projects/")} == {todo, notes}
            with zipfile.ZipFile(io.BytesIO(client.get("/api/v1/me/export", headers=BOB).content)) as export:
                assert [p["id"] for p in json.loads(export.read("records.json"))["projects"]] == [habits]

            admin = {"Authorization": f"Bearer {ADMIN}"}
            assert client.get("/api/v1/admin/usage").status_code == 401
            usage = client.get("/api/v1/admin/usage", headers=admin).json()
            by_count = sorted((u["projects"], u["versions"], u["kind"]) for u in usage["users"])
            assert by_count == [(1, 1, "token"), (2, 3, "token")]
            held = sum(
                len(client.get(f"/api/v1/jobs/{j}/archive").content) for j in (todo, rated, notes, habits)
            )
            assert usage["totals"] == {"users": 2, "projects": 3, "versions": 4, "bytes": held}
            assert usage["files_at"] == (f"s3://{store.name}" if store else str(tmp_path / "data" / "files"))
            if store is None:  # a preview runs: the deletion stops it and removes its data
                assert client.get(f"/preview/{todo}/", timeout=90).status_code == 200

            assert client.delete("/api/v1/me").status_code == 401
            assert client.delete("/api/v1/me", headers=ADA).status_code == 204
            assert stored(tmp_path, store) == [version_key(habits)]  # none of Ada's files; Bob's are there
            after = client.get("/api/v1/admin/usage", headers=admin).json()  # Ada's user row went too
            bob_bytes = len(client.get(f"/api/v1/jobs/{habits}/archive").content)
            assert after["totals"] == {"users": 1, "projects": 1, "versions": 1, "bytes": bob_bytes}
            assert client.get("/api/v1/projects", headers=ADA).json()["projects"] == []
            for job in (todo, rated, notes):
                assert client.get(f"/api/v1/jobs/{job}").status_code == 404
                assert client.get(f"/api/v1/jobs/{job}/archive").status_code == 404
                assert not (tmp_path / "data" / "runs" / job).exists()  # nor their traces
            assert client.get(f"/preview/{todo}/").status_code == 404
            assert [p["id"] for p in client.get("/api/v1/projects", headers=BOB).json()["projects"]] == [
                habits
            ]
            assert client.get(f"/api/v1/jobs/{habits}/archive").status_code == 200
    finally:
        svc.stop()
    left = [p for p in (tmp_path / "data").rglob("*") if any(j in p.name for j in (todo, rated, notes))]
    assert left == []  # nothing of Ada's anywhere in the data folder


def test_deleting_a_project_leaves_no_object_in_the_bucket(tmp_path: Path, bucket: Bucket) -> None:  # noqa: F811
    svc = Service(tmp_path, **bucket.env)
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            made = client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            )
            owner = {"X-Job-Secret": made.json()["job_secret"]}
            job = made.json()["job_id"]
            assert wait_done(client, job)["status"] == "succeeded"
            assert bucket.keys() == [version_key(job)]
            assert client.delete(f"/api/v1/projects/{job}", headers=owner).status_code == 204
            assert bucket.keys() == []
            assert client.get(f"/api/v1/jobs/{job}/archive").status_code == 404
    finally:
        svc.stop()
