"""A recorded run: its record in the run store, its events sink and its checkpointer, opened
and closed together, and the record finished the way the run ended."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from pipeline.artifacts import RunSummary
from pipeline.errors import PipelineError, RunFailed
from pipeline.settings import Settings
from pipeline.tracing.checkpoints import open_checkpointer
from pipeline.tracing.sink import EventSink
from pipeline.tracing.store import RunRecord, RunStore


@dataclass
class Session:
    store: RunStore
    record: RunRecord
    sink: EventSink
    checkpointer: Any

    def finish(self, summary: RunSummary) -> None:
        finish_record(self.store, self.record, summary)


def finish_record(store: RunStore, record: RunRecord, summary: RunSummary) -> None:
    """The record as the run ended: status, tokens, cost, who answered."""
    record.status = summary.status
    record.finished_at = time.time()
    record.output_dir = summary.output_dir
    record.tokens = summary.tokens
    record.cost_usd = summary.cost_usd
    record.providers = {
        f"{r.agent}{'#' + str(r.round) if r.round else ''}": r.provider for r in summary.agents
    }
    store.save(record)


def service_recording(
    settings: Settings, run_id: str, prompt: str, options: dict[str, Any]
) -> tuple[RunStore, RunRecord, EventSink]:
    """A service job's run in the run store, so ``runs``, ``trace`` and ``capacity`` see it as they
    see CLI runs. A job picked up again (a review answer, a worker that died) goes on in its record."""
    store = RunStore(settings.data_dir)
    try:
        record = store.load(run_id)
        record.status = "running"
        store.save(record)
    except (OSError, ValueError, PipelineError):
        record = RunRecord(run_id=run_id, prompt=prompt, options={**options, "source": "service"})
        store.create(record)
    return store, record, EventSink(store, run_id, None, otel=settings.otel, prompt=prompt)


@asynccontextmanager
async def recording(settings: Settings, record: RunRecord, *, new: bool = True) -> AsyncIterator[Session]:
    store = RunStore(settings.data_dir)
    if new:
        store.create(record)
    else:
        record.status = "running"
        store.save(record)
    sink = EventSink(store, record.run_id, settings.redis_url, otel=settings.otel, prompt=record.prompt)
    try:
        async with open_checkpointer(settings) as saver:
            yield Session(store, record, sink, saver)
    except PipelineError as exc:
        fail_record(store, record, str(exc))
        raise
    except Exception as exc:
        fail_record(store, record, f"{type(exc).__name__}: {exc}")
        raise RunFailed(
            f"run {record.run_id} failed: {type(exc).__name__}: {exc}",
            hint=f"its finished steps are saved; continue with python -m pipeline resume {record.run_id}",
        ) from exc
    finally:
        sink.close()


def fail_record(store: RunStore, record: RunRecord, error: str) -> None:
    record.status = "failed"
    record.error = error[:2000]
    record.finished_at = time.time()
    store.save(record)
