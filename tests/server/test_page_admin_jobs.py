"""The operator's list of the last jobs (``GET /api/v1/admin/jobs``) from each job store, the
in-process one and Redis: newest first, with a failed job's reason, and no event list or archive
taken for a job. Apart from the browser tests, whose sync driver holds the thread's event loop."""

from __future__ import annotations

import secrets

import pytest

from pipeline.server.jobs import MemoryJobs, RedisJobs, new_job_id, new_record

REDIS = "redis://127.0.0.1:6379/13"


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_the_last_jobs_come_newest_first_from_either_store(store: str) -> None:
    # a namespace of its own: other tests flush and fill the shared Redis
    jobs = MemoryJobs() if store == "memory" else RedisJobs(REDIS, namespace=f"test:{secrets.token_hex(4)}")
    made = []
    for n in range(3):
        job_id = new_job_id()
        await jobs.create(
            job_id, new_record(job_id, f"app {n}", {}).model_copy(update={"created_at": 1000.0 + n})
        )
        made.append(job_id)
    await jobs.add_event(made[0], {"event": "run_start"})  # an event list is not a job
    await jobs.set_archive(made[0], b"zip")  # nor is an archive
    await jobs.update(made[1], status="failed", error="the worker stopped 3 times")
    recent = await jobs.recent(2)
    if isinstance(jobs, RedisJobs):
        await jobs.client.delete(*[k async for k in jobs.client.scan_iter(match=f"{jobs.ns}:*")])
    await jobs.close()
    assert [j["id"] for j in recent] == [made[2], made[1]]
    assert recent[1]["status"] == "failed" and recent[1]["error"] == "the worker stopped 3 times"
