"""The distributed job queue: SAQ on the Redis the service already uses.

The API enqueues; ``python -m pipeline worker`` processes, on any number of hosts. A job is
acknowledged only when it has ended: the worker running it touches it every few seconds (SAQ's
heartbeat), and a job whose heartbeat stops (its worker was killed) is swept back onto the queue,
where another worker resumes it from its checkpoint.

Why SAQ: it is asyncio-native like the rest of the service (a job is a coroutine in the worker's
event loop, no thread or process per job), it has heartbeats and a sweep for jobs of dead workers
(arq has neither and is in maintenance mode; Celery's Redis transport only redelivers after a
visibility timeout of an hour by default and runs coroutines through a sync bridge), and it
needs nothing but Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
from typing import Any

import redis.asyncio as aioredis
from saq import Queue, Worker
from saq.job import Status
from saq.queue.redis import RedisQueue

from pipeline.server.execute import MAX_ATTEMPTS, WORKER_ID, JobWorker, daily_budget_from_env
from pipeline.server.leases import JobLease
from pipeline.server.run_requests import JobOrder
from pipeline.settings import Settings

QUEUE_NAME = "pipeline-generate"
JOB_TIMEOUT_S = 3600
"""A job running longer than this is stuck, whatever its heartbeat says."""

log = logging.getLogger("pipeline.worker")


def heartbeat_s() -> int:
    """Seconds without a heartbeat after which a running job counts as its worker's loss."""
    return max(2, int(os.environ.get("PIPELINE_JOB_HEARTBEAT_S", "30")))


def sweep_s() -> int:
    """How often a worker looks for jobs whose worker died. At least 8 s: a sweep waits up to
    5 s for a stuck job to abort, and a second sweep starting meanwhile would put the same job
    back on the queue twice."""
    return max(8, int(os.environ.get("PIPELINE_JOB_SWEEP_S", "10")))


class FreshSweepQueue(RedisQueue):
    """SAQ's Redis queue, with a sweep that judges each job on its current record.

    SAQ 0.26's sweep reads every active job once, then aborts the stuck ones, waiting up to 5 s
    on each; a job judged after that wait is judged on a record seconds old, so a live job whose
    heartbeat is fine looks stuck and is aborted and run again (seen here: a worker killed with
    four jobs made the sweep re-run the other worker's four healthy jobs). Reading each record
    just before judging it leaves only the jobs that really stopped."""

    async def sweep(self, lock: int = 60, abort: float = 5.0) -> list[str]:
        # claim this round (one sweeper across workers) and list the active jobs, as SAQ does
        redis: Any = self.redis  # redis-py 7 types async commands as Awaitable[T] | T
        claimed = await redis.set(self._sweep, 1, nx=True, ex=lock)
        if not claimed:
            return []
        swept: list[str] = []
        for raw_id in await redis.lrange(self._active, 0, -1):
            job_id = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
            job = await self._get_job_by_id(job_id)
            if job is None:
                swept.append(job_id)
                async with redis.pipeline(transaction=True) as pipe:
                    await pipe.lrem(self._active, 0, job_id).zrem(self._incomplete, job_id).execute()
                continue
            # alive, just finished, or just taken (the worker writes ACTIVE right after dequeue);
            # `stuck` is only ever true of an ACTIVE or ABORTING job
            if not job.stuck and job.status != Status.ABORTING:
                continue
            log.warning("job %s stopped beating: its worker is gone; it goes back on the queue", job.key)
            swept.append(job_id)
            await self.abort(job, error=self.swept_error_message)
            with contextlib.suppress(asyncio.TimeoutError):
                await job.refresh(abort)
            if job.retryable:
                await self.retry(job, error=self.swept_error_message)
            else:
                await self.finish(job, Status.ABORTED, error=self.swept_error_message)
        return swept


def open_queue(redis_url: str) -> Queue:
    return FreshSweepQueue(aioredis.from_url(redis_url), name=QUEUE_NAME)


class QueueDispatch:
    """The API's side of the queue: hand a job over, count what waits and what runs."""

    def __init__(self, redis_url: str) -> None:
        self.queue = open_queue(redis_url)

    async def submit(self, order: JobOrder, stage: str = "run", at: float | None = None) -> None:
        """Puts the order on the queue; with ``at`` (epoch seconds), for a worker to take no
        earlier (SAQ keeps it scheduled, not counted as queued, until then)."""
        await enqueue(self.queue, order, stage, at)

    async def queued(self) -> int:
        return int(await self.queue.count("queued"))

    async def counts(self) -> dict[str, int]:
        info = await self.queue.info()
        return {
            "queued": int(info.get("queued") or 0),
            "running": int(info.get("active") or 0),
            "workers": len(info.get("workers") or {}),
        }

    async def close(self) -> None:
        await self.queue.disconnect()


async def enqueue(queue: Queue, order: JobOrder, stage: str, at: float | None) -> None:
    await queue.enqueue(
        "generate",
        key=f"{order.job_id}:{stage}",  # one queue job per run or review answer: a resend is a no-op
        timeout=JOB_TIMEOUT_S,
        heartbeat=heartbeat_s(),
        # SAQ retries only a job whose worker died (ours end failed jobs themselves); one
        # retry more than MAX_ATTEMPTS lets the last attempt end the job failed, not swept
        retries=MAX_ATTEMPTS + 1,
        scheduled=math.ceil(at) if at is not None else 0,
        order=order.to_dict(),
    )


async def generate(ctx: dict[str, Any], *, order: dict[str, Any]) -> str:
    """The queue job: run (or resume) one generation job, keeping its heartbeat while it runs."""
    job = ctx["job"]
    worker: JobWorker = ctx["worker"]
    # a model build whose key pool has no room yet (another job took it) waits on the queue again;
    # one whose worker died once it had started goes on as any job does
    later = await worker.model_wait(JobOrder.from_dict(order)) if job.attempts <= 1 else None
    if later is not None:
        await enqueue(job.queue, JobOrder.from_dict(order), f"wait-{math.ceil(later)}", later)
        return "deferred"
    heartbeat = float(job.heartbeat or heartbeat_s())
    sink: Any = worker.sink  # KeptJobs over RedisJobs, in a queue worker
    lease = JobLease(sink.live.client, order["job_id"], f"{WORKER_ID}:{job.attempts}", 2 * heartbeat)
    # a dead holder's lease lapses within two heartbeats; a live one's never does
    if not await lease.acquire(wait_s=3 * heartbeat):
        log.warning("job %s is being run by another attempt; this delivery ends", order["job_id"])
        return "duplicate"

    async def beat() -> None:
        while True:
            await asyncio.sleep(max(1.0, heartbeat / 3))
            with contextlib.suppress(Exception):  # a missed beat is retried on the next one
                await job.update()
                await lease.extend()

    beating = asyncio.create_task(beat())
    try:
        return await worker.run(JobOrder.from_dict(order), attempt=job.attempts)
    finally:
        beating.cancel()
        with contextlib.suppress(Exception):
            await lease.release()


async def _startup(ctx: dict[str, Any]) -> None:
    from pipeline.cache import open_cache
    from pipeline.keypool.factory import pool_from_settings
    from pipeline.server.daily import RedisDaily
    from pipeline.server.jobs import RedisJobs
    from pipeline.server.store_kept import KeptJobs, open_kept

    settings: Settings = ctx["settings"]
    assert settings.redis_url
    workdir = settings.data_dir / "jobs"
    workdir.mkdir(parents=True, exist_ok=True)
    ctx["worker"] = JobWorker(
        settings=settings,
        pool=pool_from_settings(settings),
        cache=open_cache(settings.cache_store_url()),
        daily=RedisDaily(settings.redis_url),
        sink=KeptJobs(RedisJobs(settings.redis_url), *open_kept(settings.postgres_url, settings.data_dir)),
        workdir=workdir,
        daily_budget_usd=daily_budget_from_env(),
    )
    from pipeline.server.preview_host import PreviewHost
    from pipeline.tracing.store import RunStore

    # a deleted project's previews, their data and this host's traces of it go from here too
    ctx["previews"] = PreviewHost(
        settings.redis_url, ctx["worker"].sink, settings.data_dir / "previews", RunStore(settings.data_dir)
    )
    await ctx["previews"].start()


async def _shutdown(ctx: dict[str, Any]) -> None:
    previews = ctx.get("previews")
    if previews is not None:
        with contextlib.suppress(Exception):
            await previews.close()
    worker: JobWorker | None = ctx.get("worker")
    if worker is None:
        return
    sink: Any = worker.sink
    for closer in (worker.pool.close, worker.cache.close, worker.daily.close, sink.close):
        with contextlib.suppress(Exception):
            await closer()


def make_worker(settings: Settings, concurrency: int) -> Worker[Any]:
    assert settings.redis_url
    return Worker(
        open_queue(settings.redis_url),
        functions=[("generate", generate)],
        concurrency=concurrency,
        startup=_startup,
        shutdown=_shutdown,
        timers={"sweep": sweep_s(), "abort": 1, "schedule": 1, "worker_info": 10},
        # jobs still running at SIGTERM are cancelled after this and retried from their checkpoint
        shutdown_grace_period_s=20,
    )  # fmt: skip


async def run_worker(settings: Settings, concurrency: int) -> None:
    worker = make_worker(settings, concurrency)
    worker.context["settings"] = settings
    await worker.start()
