"""Jobs on one machine without Redis: ``serve`` starts one job process beside the API.

The API's event loop never runs a generation: orders go to the job process through a pipe,
and what the jobs write (records, events, archives) comes back through another, into the API's
in-memory job store. If the job process dies it is started again, and the jobs it was running go
on from their checkpoints (SQLite in the data folder), as a queue worker's would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any

from pipeline.server.execute import JobSink, JobWorker, daily_budget_from_env
from pipeline.server.jobs import FINISHED
from pipeline.server.run_requests import JobOrder

log = logging.getLogger("pipeline.server")
SNAPSHOT_EVERY_S = 2.0


class LocalDispatch:
    """The API's side: hand orders to the job process, apply what it reports."""

    def __init__(self, store: JobSink, concurrency: int) -> None:
        self.store = store
        self.concurrency = concurrency
        self.snapshot: dict[str, Any] = {}
        """The job process's own figures (key pool, cache, today's spend), as of its last report."""
        self._orders: dict[str, tuple[JobOrder, int]] = {}  # not ended yet: order, attempt
        self._started: set[str] = set()
        self._inbox: asyncio.Queue[Any] = asyncio.Queue()
        self._process: Any = None
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._tasks: list[asyncio.Task[None]] = []
        self._spawned_at = 0.0
        self._waiting: dict[str, asyncio.Task[None]] = {}
        """Model builds waiting for the key pool's room (``submit``'s ``at``)."""

    async def start(self) -> None:
        self._spawn()
        self._tasks = [asyncio.create_task(self._apply()), asyncio.create_task(self._watch())]

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no copy of the API's loop
        orders_out, orders_in = ctx.Pipe()
        reports_in, reports_out = ctx.Pipe(duplex=False)
        self._process = ctx.Process(
            target=child_main, args=(orders_in, reports_out, self.concurrency), daemon=True,
            name="pipeline-jobs",
        )  # fmt: skip
        self._process.start()
        self._spawned_at = time.monotonic()
        orders_in.close()
        reports_out.close()
        # a thread per job process reads its reports: a blocking recv of a whole message (an
        # archive is hundreds of KiB) never holds up the API's event loop, whatever loop it is
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._pump, args=(reports_in, loop), daemon=True).start()
        # and another sends its orders: a job process busy generating (it runs at a lower
        # priority) may not drain its pipe at once, and a full pipe would block the sender
        self._outbox = queue.SimpleQueue()
        threading.Thread(target=self._post, args=(orders_out, self._outbox), daemon=True).start()

    @staticmethod
    def _post(conn: Connection, outbox: queue.SimpleQueue[Any]) -> None:
        while (item := outbox.get()) is not None:
            try:
                conn.send(item)
            except (OSError, ValueError):  # the job process is gone; its orders are sent again
                break
        conn.close()

    def _pump(self, conn: Connection, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):  # the job process is gone: _watch starts a new one
                conn.close()
                return
            try:
                loop.call_soon_threadsafe(self._inbox.put_nowait, message)
            except RuntimeError:  # the loop closed: the service is stopping
                return

    async def _apply(self) -> None:
        """What the job process reports, in the order it reported it."""
        while True:
            kind, job_id, payload = await self._inbox.get()
            if kind == "update":
                with contextlib.suppress(KeyError):
                    await self.store.update(job_id, **payload)
            elif kind == "event":
                with contextlib.suppress(KeyError):
                    await self.store.add_event(job_id, payload)
            elif kind == "archive":
                await self.store.set_archive(job_id, payload)
            elif kind == "started":
                self._started.add(job_id)
            elif kind == "ended":
                self._orders.pop(job_id, None)
                self._started.discard(job_id)
            elif kind == "snapshot":
                self.snapshot = payload
            elif kind == "defer":  # the pool had no room after all: it waits again
                waiting = self._orders.pop(job_id, None)
                self._started.discard(job_id)
                if waiting is not None:
                    await self.submit(waiting[0], at=float(payload))

    async def _watch(self) -> None:
        quick_deaths = 0
        while True:
            await asyncio.sleep(0.5)
            if self._process is not None and not self._process.is_alive():
                # one that cannot even start (a broken install) is retried ever more slowly
                quick_deaths = quick_deaths + 1 if time.monotonic() - self._spawned_at < 10 else 0
                await asyncio.sleep(min(60.0, 0.5 * 2**quick_deaths) if quick_deaths > 1 else 0)
                await self._restart()

    async def _restart(self) -> None:
        code = self._process.exitcode if self._process is not None else None
        log.error("the job process stopped (exit code %s); starting it again", code)
        self._outbox.put(None)
        await asyncio.sleep(0.2)  # let the reports it sent before dying be applied first
        self._spawn()
        # the jobs it had started go on from their checkpoints, as a later attempt
        for job_id, (order, attempt) in list(self._orders.items()):
            again = attempt + 1 if job_id in self._started else attempt
            self._started.discard(job_id)
            self._orders[job_id] = (order, again)
            self._send(order, again)

    def _send(self, order: JobOrder, attempt: int) -> None:
        self._outbox.put((order.to_dict(), attempt))

    async def submit(self, order: JobOrder, stage: str = "run", at: float | None = None) -> None:
        """Hands the order to the job process; with ``at`` (epoch seconds), no earlier. A job
        waiting for its time is not counted as queued, as the queue's scheduled jobs are not."""
        if at is not None and at > time.time():
            self._waiting[order.job_id] = asyncio.create_task(self._later(order, at))
            return
        self._orders[order.job_id] = (order, 1)
        self._send(order, 1)

    async def _later(self, order: JobOrder, at: float) -> None:
        await asyncio.sleep(max(0.0, at - time.time()))
        self._waiting.pop(order.job_id, None)
        await self.submit(order)

    async def queued(self) -> int:
        """Jobs waiting for a slot (negative: slots still free). Counted here, not from the job
        process's reports, so a burst of requests is counted before the process has seen it."""
        return len(self._orders) - self.concurrency

    async def counts(self) -> dict[str, int]:
        running = len(self._started)
        return {"queued": len(self._orders) - running, "running": running, "workers": 1}

    async def close(self) -> None:
        for task in [*self._tasks, *self._waiting.values()]:
            task.cancel()
        self._outbox.put(None)  # the sender closes the pipe; the job process sees it and stops
        if self._process is not None:
            await asyncio.to_thread(self._process.join, 10)
            if self._process.is_alive():
                self._process.kill()


class PipeSink:
    """The job process's side of the job store: every write goes back to the API."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.before_final: Callable[[], Awaitable[None]] | None = None
        """Sent before a job's final status: whoever sees the job end sees today's figures with it."""

    def send(self, kind: str, job_id: str, payload: Any = None) -> None:
        # the API is gone (it is stopping): there is no one left to tell
        with contextlib.suppress(OSError, ValueError):
            self.conn.send((kind, job_id, payload))

    async def update(self, job_id: str, **fields: Any) -> None:
        if fields.get("status") in FINISHED and self.before_final is not None:
            await self.before_final()
        self.send("update", job_id, fields)

    async def add_event(self, job_id: str, event: dict[str, Any]) -> None:
        self.send("event", job_id, event)

    async def set_archive(self, job_id: str, data: bytes) -> None:
        self.send("archive", job_id, data)


def child_main(orders: Connection, reports: Connection, concurrency: int) -> None:
    # generation is batch work and the API answers people: on a shared CPU the API goes first
    with contextlib.suppress(OSError):
        os.nice(10)
    asyncio.run(_child(orders, reports, concurrency))


async def _child(orders: Connection, reports: Connection, concurrency: int) -> None:
    from pipeline.cache import open_cache
    from pipeline.keypool.factory import pool_from_settings
    from pipeline.server.daily import MemoryDaily
    from pipeline.settings import Settings

    settings = Settings()
    sink = PipeSink(reports)
    workdir = settings.data_dir / "jobs"
    workdir.mkdir(parents=True, exist_ok=True)
    worker = JobWorker(
        settings=settings, pool=pool_from_settings(settings), cache=open_cache(settings.cache_store_url()),
        daily=MemoryDaily(), sink=sink, workdir=workdir, daily_budget_usd=daily_budget_from_env(),
    )  # fmt: skip
    slots = asyncio.Semaphore(concurrency)
    inbox: asyncio.Queue[tuple[dict[str, Any], int] | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def readable() -> None:
        try:
            inbox.put_nowait(orders.recv())
        except (EOFError, OSError):  # the API closed the pipe: stop
            loop.remove_reader(orders.fileno())
            inbox.put_nowait(None)

    loop.add_reader(orders.fileno(), readable)
    running: set[asyncio.Task[None]] = set()

    async def snapshot() -> None:
        sink.send(
            "snapshot",
            "",
            {
                "pool": await worker.pool.stats(),
                "cache": {"hits": worker.cache.hits, "misses": worker.cache.misses,
                          "store": type(worker.cache).__name__},
                "daily": await worker.daily.figures(),
                "at": time.time(),
            },
        )  # fmt: skip

    sink.before_final = snapshot

    async def one(order: dict[str, Any], attempt: int) -> None:
        later = await worker.model_wait(JobOrder.from_dict(order))
        if later is not None:
            sink.send("defer", order["job_id"], later)
            return
        async with slots:
            sink.send("started", order["job_id"])
            try:
                await worker.run(JobOrder.from_dict(order), attempt=attempt)
            finally:
                sink.send("ended", order["job_id"])
                await snapshot()

    async def report() -> None:
        while True:
            await asyncio.sleep(SNAPSHOT_EVERY_S)
            if running:
                await snapshot()

    reporting = asyncio.create_task(report())
    await snapshot()
    while (item := await inbox.get()) is not None:
        task = asyncio.create_task(one(*item))
        running.add(task)
        task.add_done_callback(running.discard)
    reporting.cancel()
    for task in running:
        task.cancel()
    # the service is stopping: let the cancelled jobs unwind quietly before the loop closes
    await asyncio.gather(reporting, *running, return_exceptions=True)
    for closer in (worker.pool.close, worker.cache.close):
        with contextlib.suppress(Exception):
            await closer()
