"""Who a client is (a forged X-Forwarded-For never escapes the per-client limit; API tokens are
limited each), streams that resume after the last event seen, and memory that stays bounded."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from pipeline.server.jobs import MemoryJobs, new_record
from tests.server.test_service import Service, wait_done

BODY = {"prompt": "build a todo app", "options": {"offline": True}}


def test_a_forged_forwarded_for_never_escapes_the_per_client_limit(tmp_path: Path) -> None:
    # The test client is the trusted proxy on loopback (FORWARDED_ALLOW_IPS=127.0.0.1): it appends the
    # real client's address, 203.0.113.7, to whatever the client wrote itself on the left.
    svc = Service(tmp_path, RATE_LIMIT_GENERATION="3/minute", FORWARDED_ALLOW_IPS="127.0.0.1")
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            codes = [
                client.post(
                    "/api/v1/generate", json=BODY, headers={"X-Forwarded-For": f"10.0.{i}.1, 203.0.113.7"}
                ).status_code
                for i in range(6)
            ]
            assert codes == [202, 202, 202, 429, 429, 429]
            other = client.post(
                "/api/v1/generate", json=BODY, headers={"X-Forwarded-For": "10.0.0.1, 203.0.113.8"}
            )
            assert other.status_code == 202  # another real client has its own limit
    finally:
        svc.stop()


def test_without_a_trusted_proxy_the_header_is_ignored(tmp_path: Path) -> None:
    svc = Service(tmp_path, RATE_LIMIT_GENERATION="2/minute", FORWARDED_ALLOW_IPS="192.0.2.1")
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            codes = [
                client.post(
                    "/api/v1/generate", json=BODY, headers={"X-Forwarded-For": f"203.0.113.{i}"}
                ).status_code
                for i in range(3)
            ]
            assert codes == [202, 202, 429]  # every request is the loopback peer's
    finally:
        svc.stop()


def test_api_tokens_are_required_and_limited_each(tmp_path: Path) -> None:
    svc = Service(tmp_path, RATE_LIMIT_GENERATION="2/minute", PIPELINE_API_TOKENS="tok-alpha-1,tok-beta-2")
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            assert client.post("/api/v1/generate", json=BODY).status_code == 401
            wrong = client.post("/api/v1/generate", json=BODY, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
            alpha = {"Authorization": "Bearer tok-alpha-1"}
            codes = [client.post("/api/v1/generate", json=BODY, headers=alpha).status_code for _ in range(3)]
            assert codes == [202, 202, 429]
            beta = client.post("/api/v1/generate", json=BODY, headers={"Authorization": "Bearer tok-beta-2"})
            assert beta.status_code == 202
    finally:
        svc.stop()


def test_the_event_stream_resumes_after_the_last_event_id(tmp_path: Path) -> None:
    svc = Service(tmp_path)
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            job_id = client.post("/api/v1/generate", json=BODY).json()["job_id"]
            wait_done(client, job_id)
            whole = client.get(f"/api/v1/jobs/{job_id}/events").text
            ids = [int(line[4:]) for line in whole.splitlines() if line.startswith("id: ")]
            assert ids == list(range(len(ids))) and len(ids) > 8
            rest = client.get(f"/api/v1/jobs/{job_id}/events", headers={"Last-Event-ID": "5"}).text
            rest_ids = [int(line[4:]) for line in rest.splitlines() if line.startswith("id: ")]
            assert rest_ids == ids[6:]
    finally:
        svc.stop()


def test_finished_jobs_kept_in_memory_are_bounded() -> None:
    async def run() -> None:
        jobs = MemoryJobs(keep=3)
        for i in range(6):
            await jobs.create(f"j{i}", new_record(f"j{i}", "x", {}))
            await jobs.add_event(f"j{i}", {"event": "x"})
            await jobs.set_archive(f"j{i}", b"zip")
            await jobs.update(f"j{i}", status="succeeded")
        assert [await jobs.get(f"j{i}") is not None for i in range(6)] == [
            False,
            False,
            False,
            True,
            True,
            True,
        ]
        assert await jobs.archive("j0") is None and await jobs.events("j0") == []
        await jobs.create("running", new_record("running", "x", {}))
        await jobs.update("running", status="running")  # unfinished jobs are never evicted
        expiring = MemoryJobs(keep=100, ttl_s=0)
        await expiring.create("old", new_record("old", "x", {}))
        await expiring.update("old", status="failed")
        await expiring.create("new", new_record("new", "x", {}))
        assert await expiring.get("old") is None and await expiring.get("new") is not None
        assert await jobs.get("running") is not None

    asyncio.run(run())
