"""Previews in queue mode: two API processes, one queue worker. The worker runs the preview; each
API process finds it through Redis and forwards to it, so every request reaches the same app (one
database), whichever API process takes it. Edits run on the worker too."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis

from tests.server.test_queue import PG_URL, QueueWorker
from tests.server.test_service import Service, service_env, wait_done

pytestmark = pytest.mark.slow
DB = "redis://127.0.0.1:6379/12"


def test_the_worker_runs_the_preview_and_every_api_process_reaches_it(tmp_path: Path) -> None:
    redis.Redis.from_url(DB).flushdb()
    env = {"PIPELINE_REDIS_URL": DB, "PIPELINE_POSTGRES_URL": PG_URL, "PIPELINE_CACHE": "false",
           "RATE_LIMIT_GENERATION": "1000/minute", "PIPELINE_PREVIEW_IDLE_S": "60"}  # fmt: skip
    api = Service(tmp_path, workers=2, **env)
    worker = QueueWorker(tmp_path, service_env(tmp_path, **env), concurrency=2)
    try:
        with httpx.Client(base_url=api.url, timeout=120) as client:
            made = client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            ).json()
            job_id = made["job_id"]
            assert wait_done(client, job_id, timeout=120)["status"] == "succeeded"
            page = client.get(f"/preview/{job_id}/")
            assert page.status_code == 200 and "<title>Todo List</title>" in page.text
            for n in range(10):  # spread over both API processes by their connections
                with httpx.Client(base_url=api.url, timeout=30) as fresh:
                    assert (
                        fresh.post(f"/preview/{job_id}/api/todos", json={"title": f"t{n}"}).status_code == 201
                    )
            assert len(client.get(f"/preview/{job_id}/api/todos").json()) == 10  # one app, one database
            (running,) = client.get("/api/v1/admin/previews").json()["running"]
            assert running["job_id"] == job_id and running["at"].startswith("http://127.0.0.1:")
            edit = client.post(f"/api/v1/jobs/{job_id}/edits", json={"request": "add a rating to todos"},
                               headers={"X-Job-Secret": made["job_secret"]})  # fmt: skip
            v2 = edit.json()["job_id"]
            assert wait_done(client, v2, timeout=120)["status"] == "succeeded"
            rated = client.post(f"/preview/{v2}/api/todos", json={"title": "tea", "rating": 5}).json()
            assert rated["rating"] == 5
    finally:
        worker.stop()
        api.stop()
    assert worker.proc.returncode == 0
