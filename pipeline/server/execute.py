"""Running one service job: the generation itself, its events on the job record, its archive.

This is what a queue worker (``python -m pipeline worker``) or the single-machine job process
runs; the API process never does. A job is run, resumed after a review answer, or picked up
again after the worker running it died: then it goes on from its last checkpoint, so the agents
that had finished are not asked again, and its events go on in the same list the SSE stream
reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import shutil
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.events import destinations
from pipeline.projects import archive as project_archive
from pipeline.providers.registry import ProviderModels
from pipeline.request import EditBase
from pipeline.request import run_settings as options_applied
from pipeline.server.jobs import FINISHED
from pipeline.server.run_requests import JobOrder, options_of, order_request
from pipeline.settings import Settings


def daily_budget_from_env() -> float | None:
    """USD the service may spend on paid model calls per UTC day, across every worker."""
    budget = os.environ.get("PIPELINE_DAILY_BUDGET_USD", "").strip()
    return float(budget) if budget else None


log = logging.getLogger("pipeline.server")

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
"""Which process runs a job (shown on its record): the operator's way to a worker's logs."""

MAX_ATTEMPTS = 3
"""How often a job is started before a worker dying under it counts as the job's own fault."""


class JobSink(Protocol):
    """Where a running job writes: its record, its events, its archive."""

    async def update(self, job_id: str, **fields: Any) -> None: ...
    async def add_event(self, job_id: str, event: dict[str, Any]) -> None: ...
    async def set_archive(self, job_id: str, data: bytes) -> None: ...


@dataclass
class JobWorker:
    """Everything a job needs from the process that runs it."""

    settings: Settings
    pool: Any
    cache: Any
    daily: Any
    sink: JobSink
    workdir: Path
    daily_budget_usd: float | None = None

    async def run(self, order: JobOrder, attempt: int = 1) -> str:
        """Runs (or resumes) a job to its end; returns the status it ends in. Never raises for
        the job's own failures: those end the job ``failed`` with the reason."""
        from pipeline.tracing.checkpoints import open_checkpointer

        job_id, sink = order.job_id, self.sink
        if attempt > MAX_ATTEMPTS:
            await self._fail(
                job_id, f"the worker running this job stopped {attempt - 1} times; it was not tried again"
            )
            await self._forget(job_id)
            return "failed"
        started: dict[str, Any] = {"started_at": time.time()} if attempt == 1 and not order.answer else {}
        if order.options.get("model_build"):
            started["waiting"] = None  # it waited for the key pool; it waits no more
        await sink.update(job_id, status="running", review=None, attempt=attempt, worker=WORKER_ID, **started)
        run_settings = job_settings(self.settings, order.options)
        out = self.workdir / job_id
        status = "failed"
        try:
            models = ProviderModels(
                run_settings, self.pool, spend=self.daily, daily_budget_usd=self.daily_budget_usd
            )
            async with open_checkpointer(self.settings) as saver:
                stream = await self._stream(order, attempt, out, run_settings, models, saver)
                if isinstance(stream, str):
                    status = stream
                else:
                    status = await self._follow(order, stream, out)
                if status in FINISHED:
                    await _delete_thread(saver, job_id)
        except Exception as exc:
            await self._fail(job_id, f"{type(exc).__name__}: {exc}"[:500])
            await self._forget(job_id)
        finally:
            if status != "awaiting_review":
                await asyncio.to_thread(shutil.rmtree, out, True)
        return status

    async def model_wait(self, order: JobOrder) -> float | None:
        """A model build waits until the key pool has room (``model_build``): when that is, if
        not now (the job's record says so as it waits), else None to run it now. A pool with no
        usable key at all runs it now too: its agents then say so as they fall back."""
        if not order.options.get("model_build") or order.answer is not None:
            return None
        from pipeline.server.model_build import Room

        at, why = await self.pool.room_at()
        room = Room(at, why, time.time())
        if not room.waits:
            return None
        await self.sink.update(order.job_id, status="queued", waiting=room.shown())
        return room.at

    async def _forget(self, job_id: str) -> None:
        """An ended job's checkpoints go: nothing resumes it, and lakhs a day would fill the disk."""
        from pipeline.tracing.checkpoints import open_checkpointer

        with contextlib.suppress(Exception):  # _delete_thread logs; this is only the connection
            async with open_checkpointer(self.settings) as saver:
                await _delete_thread(saver, job_id)

    async def _fail(self, job_id: str, reason: str) -> None:
        await self.daily.record("failed")  # first: the job's end is reported with today's figures
        await self.sink.update(job_id, status="failed", finished_at=time.time(), error=reason)

    async def _stream(
        self, order: JobOrder, attempt: int, out: Path, run_settings: Settings, models: Any, saver: Any
    ) -> AsyncIterator[dict[str, Any]] | str:
        """The run's events: a fresh run, a review answer, or the rest of a run whose worker died.
        A run that had finished before its worker died is only archived (a status comes back)."""
        from pipeline.graph.build import build_graph
        from pipeline.runner import aresume, astream_run

        job_id = order.job_id
        if order.answer is not None:
            return aresume(
                job_id, checkpointer=saver, settings=run_settings, models=models, answer=order.answer,
                cache=self.cache,
            )  # fmt: skip
        saved = await build_graph(checkpointer=saver).aget_state({"configurable": {"thread_id": job_id}})
        if attempt > 1 and saved.values:
            finished = not saved.next and saved.values.get("summary") is not None
            if saved.next or finished:
                await self.sink.add_event(
                    job_id,
                    {"event": "resumed", "attempt": attempt, "ts": round(time.time(), 3),
                     "done": sorted({r.agent for r in saved.values.get("reports") or []})},
                )  # fmt: skip
                if finished:
                    return await self._archive_finished(order, saved.values, out)
                return aresume(
                    job_id, checkpointer=saver, settings=run_settings, models=models, cache=self.cache
                )
            # Nothing left to run and no summary: a checkpoint that cannot be resumed (seen rarely
            # after a SIGKILL mid-run; the cause is not found yet). The job starts again rather
            # than being lost; the log keeps what the checkpoint looked like.
            log.warning(
                "job %s: its checkpoint (step %s, tasks %s) cannot be resumed; starting it again",
                job_id, (saved.metadata or {}).get("step"), [t.name for t in saved.tasks],
            )  # fmt: skip
            await saver.adelete_thread(job_id)
            await self.sink.add_event(
                job_id,
                {"event": "restarted", "attempt": attempt, "ts": round(time.time(), 3),
                 "reason": "its checkpoint could not be resumed"},
            )  # fmt: skip
        request = order_request(order)
        if request.base is not None:  # an edit: the version it changes, then the change
            from pipeline.server.store_kept import version_files

            base_job = str(request.base.job_id)
            data = await asyncio.to_thread(
                version_files, self.settings.postgres_url, self.settings.data_dir, base_job
            )
            if data is None:
                raise LookupError(f"the version this edit changes ({base_job[:32]}) is not in the store")
            await asyncio.to_thread(project_archive.unpack, data, out)
            request = dataclasses.replace(request, base=EditBase(project=out), out=out, force=True)
        else:
            request = dataclasses.replace(request, out=out, force=True)
        return astream_run(
            request, settings=run_settings, models=models, run_id=job_id, cache=self.cache,
            checkpointer=saver,
        )  # fmt: skip

    async def _archive_finished(self, order: JobOrder, values: dict[str, Any], out: Path) -> str:
        """The graph had finished when the worker died: write the project again from the saved
        state (no model is asked) and archive it."""
        from pipeline.projects.write import rewrite_project

        summary = values["summary"]
        if summary.status != "rejected":
            await asyncio.to_thread(rewrite_project, values, out)
        return await self._finish(order.job_id, summary, out)

    async def _follow(self, order: JobOrder, stream: AsyncIterator[dict[str, Any]], out: Path) -> str:
        """Records a run's events on its job and in the run store; returns the status the job
        ends the stream in."""
        from pipeline.tracing.session import fail_record, finish_record, service_recording

        job_id, sink = order.job_id, self.sink
        store, record, trace = service_recording(self.settings, job_id, order.prompt, order.options)
        progress: dict[str, Any] = dict(order.progress or {})
        summary = None
        try:
            async for event in stream:
                trace(event)  # the run store keeps what ``destinations`` gives it
                kind = event.get("event")
                if kind == "summary":
                    summary = event["summary"]
                    continue
                if kind == "awaiting_review":
                    return "awaiting_review"  # the review event before it is on the job already
                if "job" not in destinations(event):
                    continue
                await sink.add_event(job_id, event)
                if kind == "review":
                    await sink.update(
                        job_id, status="awaiting_review", review={k: v for k, v in event.items() if k != "ts"}
                    )
                if kind in ("agent_start", "agent_end"):
                    progress[str(event.get("agent"))] = (
                        "running" if kind == "agent_start" else f"done ({event.get('provider')})"
                    )
                    await sink.update(job_id, progress=progress)
        except Exception as exc:
            fail_record(store, record, f"{type(exc).__name__}: {exc}")
            raise
        finally:
            trace.close()
        assert summary is not None
        finish_record(store, record, summary)
        return await self._finish(job_id, summary, out)

    async def _finish(self, job_id: str, summary: Any, out: Path) -> str:
        await self.daily.record(summary.status, summary.tokens, summary.cache_hits, summary.cache_misses)
        done = summary.model_dump(mode="json")
        if summary.status == "rejected":
            await self.sink.update(job_id, status="rejected", finished_at=time.time(), summary=done)
            return "rejected"
        # where the writer really wrote: a run resumed on another host keeps the folder it was
        # started with, which need not be this worker's own
        written = Path(summary.output_dir) if summary.output_dir else out
        await self.sink.set_archive(job_id, await asyncio.to_thread(project_archive.zip_folder, written))
        if written != out and written.name == job_id:  # only ever a job folder
            await asyncio.to_thread(shutil.rmtree, written, True)
        status = "partial" if summary.status == "partial" else "succeeded"
        await self.sink.update(job_id, status=status, finished_at=time.time(), summary=done)
        return status


async def _delete_thread(saver: Any, job_id: str) -> None:
    try:
        await saver.adelete_thread(job_id)
    except Exception as exc:  # the job is done either way; the rows are only disk space
        log.warning("could not delete job %s's checkpoints: %s", job_id, type(exc).__name__)


def job_settings(settings: Settings, options: dict[str, Any]) -> Settings:
    """A job's settings: the worker's own with the job's options applied (the same map the CLI
    uses), and no git history, since the job's folder is archived and deleted."""
    return options_applied(options_of(options), settings).model_copy(update={"project_history": False})
