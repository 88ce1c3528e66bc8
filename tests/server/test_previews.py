"""The service's previews and versions over HTTP, against the real service: a finished job's app
at /preview/{id}/ (sandboxed by the browser too), edits by the owner only, versions with diffs and
downloads, going back, and the limits on previews."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.preview_attacks import wait_until
from tests.server.test_service import Service, wait_done

pytestmark = pytest.mark.slow


@pytest.fixture
def client(tmp_path: Path) -> Iterator[httpx.Client]:
    svc = Service(tmp_path, PIPELINE_MAX_PREVIEWS="1", PIPELINE_PREVIEW_IDLE_S="2")
    with httpx.Client(base_url=svc.url, timeout=120) as http:
        yield http
    svc.stop()


def _generate(client: httpx.Client, prompt: str = "build a todo app") -> tuple[str, dict[str, str]]:
    made = client.post("/api/v1/generate", json={"prompt": prompt, "options": {"offline": True}}).json()
    assert wait_done(client, made["job_id"])["status"] == "succeeded"
    return made["job_id"], {"X-Job-Secret": made["job_secret"]}


def _previews(client: httpx.Client) -> list[dict[str, Any]]:
    running: list[dict[str, Any]] = client.get("/api/v1/admin/previews").json()["running"]
    return running


def test_a_finished_job_runs_at_its_preview_address(client: httpx.Client) -> None:
    job_id, _ = _generate(client)
    assert (
        client.get(f"/preview/{job_id}", follow_redirects=False).headers["location"] == f"/preview/{job_id}/"
    )
    page = client.get(f"/preview/{job_id}/")
    assert page.status_code == 200 and "<title>Todo List</title>" in page.text
    assert page.headers["content-security-policy"].startswith(
        "sandbox allow-scripts"
    )  # never the page's origin
    made = client.post(f"/preview/{job_id}/api/todos", json={"title": "milk"})
    assert made.status_code == 201 and made.headers["access-control-allow-origin"] == "*"
    assert [t["title"] for t in client.get(f"/preview/{job_id}/api/todos").json()] == ["milk"]
    preflight = client.options(f"/preview/{job_id}/api/todos", headers={"Origin": "null"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    (running,) = _previews(client)
    assert running["job_id"] == job_id and running["memory_mb"] > 10
    assert client.get(f"/preview/{'0' * 32}/").status_code == 404
    assert client.get("/preview/not-a-job/").status_code == 404


def test_edits_make_versions_with_diffs_downloads_and_a_way_back(client: httpx.Client) -> None:
    v1, owner = _generate(client)
    refused = client.post(f"/api/v1/jobs/{v1}/edits", json={"request": "add a rating to todos"})
    assert refused.status_code == 403  # only the owner changes an app
    edit = client.post(f"/api/v1/jobs/{v1}/edits", json={"request": "add a rating to todos"}, headers=owner)
    assert edit.status_code == 202 and edit.json()["version"] == 2
    v2 = edit.json()["job_id"]
    assert wait_done(client, v2)["status"] == "succeeded"
    rated = client.post(f"/preview/{v2}/api/todos", json={"title": "tea", "rating": 4}).json()
    assert rated["rating"] == 4
    diff = client.get(f"/api/v1/jobs/{v2}/diff").text
    assert "--- v1/backend/app/models.py" in diff and "+    rating" in diff
    versions = client.get(f"/api/v1/jobs/{v1}/versions").json()["versions"]
    assert [(v["version"], v["request"], v["status"]) for v in versions] == [
        (1, "build a todo app", "succeeded"), (2, "add a rating to todos", "succeeded")]  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(client.get(versions[0]["archive_url"]).content)) as archive:
        assert "rating" not in archive.read("backend/app/models.py").decode()
    assert client.post(f"/api/v1/jobs/{v1}/restore").status_code == 403
    back = client.post(f"/api/v1/jobs/{v1}/restore", headers=owner).json()
    assert back["version"] == 3
    plain = client.post(f"/preview/{back['job_id']}/api/todos", json={"title": "tea", "rating": 4}).json()
    assert "rating" not in plain  # v3 is v1 again
    assert client.get(f"/api/v1/jobs/{back['job_id']}/diff", params={"against": v1}).text == ""


def test_one_preview_at_a_time_and_an_idle_one_comes_back(client: httpx.Client) -> None:
    first, _ = _generate(client)
    second, _ = _generate(client, "a recipe book")
    assert client.get(f"/preview/{first}/").status_code == 200
    assert client.get(f"/preview/{second}/").status_code == 200  # the limit is one: the first stops
    assert [p["job_id"] for p in _previews(client)] == [second]
    assert wait_until(lambda: _previews(client) == [], 10)  # idle past PIPELINE_PREVIEW_IDLE_S=2
    again = client.get(f"/preview/{second}/api/recipes")
    assert again.status_code == 200 and again.json() == []  # back, on a fresh copy of the project


def _approve_until_done(client: httpx.Client, job_id: str, owner: dict[str, str]) -> dict[str, Any]:
    """Approves each review stage (plan, then design) until the job ends; returns its record."""
    while True:
        job = wait_done(client, job_id, until=("awaiting_review", "succeeded", "failed"))
        if job["status"] != "awaiting_review":
            return job
        assert (
            client.post(
                f"/api/v1/jobs/{job_id}/review", json={"action": "approve"}, headers=owner
            ).status_code
            == 202
        )
        time.sleep(0.3)


def test_an_edit_of_a_reviewed_job_waits_for_review_too_and_counts_against_the_limit(tmp_path: Path) -> None:
    # generation 1, its plan and design answers 2-3, the edit 4, its answers 5-6: then 429
    svc = Service(tmp_path, RATE_LIMIT_GENERATION="6/minute")
    try:
        with httpx.Client(base_url=svc.url, timeout=60) as client:
            made = client.post("/api/v1/generate", json={"prompt": "build a todo app",
                                                         "options": {"offline": True, "review": True}}).json()  # fmt: skip
            owner = {"X-Job-Secret": made["job_secret"]}
            assert _approve_until_done(client, made["job_id"], owner)["status"] == "succeeded"
            edit = client.post(
                f"/api/v1/jobs/{made['job_id']}/edits",
                json={"request": "add a rating to todos"},
                headers=owner,
            )
            assert edit.status_code == 202
            v2 = edit.json()["job_id"]
            assert (
                wait_done(client, v2, until=("awaiting_review", "succeeded", "failed"))["status"]
                == "awaiting_review"
            )
            assert _approve_until_done(client, v2, owner)["status"] == "succeeded"
            third = client.post(
                f"/api/v1/jobs/{v2}/edits", json={"request": "add a notes field"}, headers=owner
            )
            assert (
                third.status_code == 429 and int(third.headers["retry-after"]) >= 1
            )  # an edit and every answer count, as generations do
    finally:
        svc.stop()
