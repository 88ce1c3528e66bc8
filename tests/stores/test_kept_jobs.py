"""Nothing a user made is lost with the live job store: after every process restarts (and, in
queue mode, Redis is flushed), jobs, the versions of their project and their files are answered
from the project store and the file store. Real services, real workers, real Redis."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from tests.server.test_queue import QueueWorker
from tests.server.test_service import Service, service_env, wait_done

pytestmark = pytest.mark.slow
DB = "redis://127.0.0.1:6379/12"


def make_and_edit(client: httpx.Client) -> tuple[str, str, dict[str, str]]:
    made = client.post(
        "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
    ).json()
    owner = {"X-Job-Secret": made["job_secret"]}
    assert wait_done(client, made["job_id"])["status"] == "succeeded"
    edit = client.post(
        f"/api/v1/jobs/{made['job_id']}/edits", json={"request": "add a rating to todos"}, headers=owner
    )
    assert edit.status_code == 202, edit.text
    assert wait_done(client, edit.json()["job_id"], timeout=120)["status"] == "succeeded"
    return made["job_id"], edit.json()["job_id"], owner


def check_kept(client: httpx.Client, v1: str, v2: str, owner: dict[str, str]) -> None:
    first = client.get(f"/api/v1/jobs/{v1}").json()
    assert first["status"] == "succeeded" and first["summary"]["app_name"] == "Todo List"
    versions = client.get(f"/api/v1/jobs/{v2}/versions").json()["versions"]
    assert [(v["version"], v["job_id"], v["made"], v["status"]) for v in versions] == [
        (1, v1, "generate", "succeeded"), (2, v2, "edit", "succeeded"),
    ]  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(client.get(f"/api/v1/jobs/{v2}/archive").content)) as archive:
        assert "backend/app/migrations/0002_add_a_rating_to_todos.py" in archive.namelist()
    assert "+    rating: int | None = None" in client.get(f"/api/v1/jobs/{v2}/diff").text
    # still the owner's: another edit is taken from them, refused to anyone else
    assert client.post(f"/api/v1/jobs/{v2}/edits", json={"request": "x"}).status_code in (401, 403)
    again = client.post(
        f"/api/v1/jobs/{v2}/edits", json={"request": "add a due time to todos"}, headers=owner
    )
    assert again.status_code == 202 and again.json()["version"] == 3


@pytest.fixture
def flushed() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(DB)
    client.flushdb()
    yield client
    client.flushdb()


def test_a_restarted_service_answers_for_every_version_it_made(tmp_path: Path) -> None:
    svc = Service(tmp_path)
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            v1, v2, owner = make_and_edit(client)
    finally:
        svc.stop()
    svc = Service(tmp_path)  # a new process: its memory is empty
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            check_kept(client, v1, v2, owner)
    finally:
        svc.stop()
    kept = {p.name for p in (tmp_path / "data" / "files" / "versions").iterdir()}
    assert {f"{v1}.zip", f"{v2}.zip"} <= kept  # the third version's too, made after the restart


def test_flushing_redis_and_restarting_every_process_loses_no_version(
    tmp_path: Path, flushed: redis.Redis
) -> None:
    env = {"PIPELINE_REDIS_URL": DB}
    svc, worker = Service(tmp_path, **env), QueueWorker(tmp_path, service_env(tmp_path, **env))
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            v1, v2, owner = make_and_edit(client)
    finally:
        svc.stop()
        worker.stop()
    flushed.flushdb()
    svc, worker = Service(tmp_path, **env), QueueWorker(tmp_path, service_env(tmp_path, **env))
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            check_kept(client, v1, v2, owner)
    finally:
        svc.stop()
        worker.stop()


def test_two_users_list_their_own_projects_before_and_after_a_flush_and_delete_one(
    tmp_path: Path, flushed: redis.Redis
) -> None:
    env = {"PIPELINE_REDIS_URL": DB, "PIPELINE_API_TOKENS": "ada-token,bob-token"}
    ada, bob = {"Authorization": "Bearer ada-token"}, {"Authorization": "Bearer bob-token"}
    svc, worker = Service(tmp_path, **env), QueueWorker(tmp_path, service_env(tmp_path, **env))
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            assert client.get("/api/v1/projects").status_code == 401
            made = client.post(
                "/api/v1/generate",
                json={"prompt": "build a todo app", "options": {"offline": True}},
                headers=ada,
            ).json()
            assert wait_done(client, made["job_id"])["status"] == "succeeded"
            edit = client.post(
                f"/api/v1/jobs/{made['job_id']}/edits", json={"request": "add a rating to todos"}, headers=ada
            )
            assert wait_done(client, edit.json()["job_id"], timeout=120)["status"] == "succeeded"
            listed = client.get("/api/v1/projects", headers=ada).json()["projects"]
            assert [(p["id"], p["name"]) for p in listed] == [(made["job_id"], "Todo List")]
            assert client.get("/api/v1/projects", headers=bob).json()["projects"] == []
    finally:
        svc.stop()
        worker.stop()
    flushed.flushdb()
    svc = Service(tmp_path, **env)
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            project = client.get(f"/api/v1/projects/{made['job_id']}", headers=ada).json()
            assert [(v["version"], v["request"], v["status"]) for v in project["versions"]] == [
                (1, "build a todo app", "succeeded"), (2, "add a rating to todos", "succeeded"),
            ]  # fmt: skip
            assert client.get(f"/api/v1/projects/{made['job_id']}", headers=bob).status_code == 404
            assert client.delete(f"/api/v1/projects/{made['job_id']}", headers=bob).status_code == 404
            renamed = client.patch(f"/api/v1/projects/{made['job_id']}", json={"name": "Chores"}, headers=ada)
            assert renamed.json()["name"] == "Chores"
            assert client.delete(f"/api/v1/projects/{made['job_id']}", headers=ada).status_code == 204
            assert client.get("/api/v1/projects", headers=ada).json()["projects"] == []
            for v in project["versions"]:
                assert client.get(f"/api/v1/jobs/{v['job_id']}").status_code == 404
                assert client.get(f"/api/v1/jobs/{v['job_id']}/archive").status_code == 404
    finally:
        svc.stop()
    left = [
        p
        for p in (tmp_path / "data").rglob("*")
        if made["job_id"] in p.name or edit.json()["job_id"] in p.name
    ]
    assert left == []  # no file of the project is left on disk
