"""What the page relies on, over HTTP: the page and its assets from the package only, the project's
files by job, today's figures, and the operator endpoints behind the admin token."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from pipeline.server.routes_page import STATIC
from tests.server.test_service import Service, wait_done


def test_the_page_is_served_by_the_package_with_nothing_from_elsewhere(tmp_path: Path) -> None:
    for asset in STATIC.iterdir():
        text = asset.read_text()
        assert not re.search(r"https?://", text), f"{asset.name} refers to another site"
    svc = Service(tmp_path)
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            for path in ("/", "/jobs/anything", "/admin"):
                page = client.get(path)
                assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
                assert "default-src 'self'" in page.headers["content-security-policy"]
            assert "export async function follow(" in client.get("/static/job.js").text  # ES modules
            assert "/" not in client.get("/openapi.json").json()["paths"]  # pages stay out of the API schema
    finally:
        svc.stop()


def test_a_jobs_files_are_listed_and_read_and_today_counts_it(tmp_path: Path) -> None:
    svc = Service(tmp_path, PIPELINE_ADMIN_TOKENS="secret-op-token,second-token")
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            job_id = client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            ).json()["job_id"]
            assert client.get(f"/api/v1/jobs/{job_id}/files").status_code in (409, 200)
            assert wait_done(client, job_id)["status"] == "succeeded"
            files = {f["path"] for f in client.get(f"/api/v1/jobs/{job_id}/files").json()["files"]}
            assert {"README.md", "openapi.json", "backend/app/main.py", "frontend/src/App.jsx"} <= files
            main = client.get(f"/api/v1/jobs/{job_id}/files/backend/app/main.py")
            assert main.status_code == 200 and "def create_app(" in main.text
            assert client.get(f"/api/v1/jobs/{job_id}/files/no/such.py").status_code == 404
            assert client.get("/api/v1/jobs/nope/files").status_code == 404
            # the operator's endpoints: no token, a wrong token, then each right one
            assert client.get("/api/v1/ai/stats").status_code == 401
            assert (
                client.get("/api/v1/admin/summary", headers={"Authorization": "Bearer nope"}).status_code
                == 401
            )
            stats = client.get("/api/v1/ai/stats", headers={"Authorization": "Bearer secret-op-token"})
            assert stats.status_code == 200 and "groq" in stats.json()
            summary = client.get(
                "/api/v1/admin/summary", headers={"Authorization": "Bearer second-token"}
            ).json()
            assert summary["today"]["jobs"] == {"succeeded": 1}
            assert summary["today"]["spend_usd"] == 0.0
    finally:
        svc.stop()
