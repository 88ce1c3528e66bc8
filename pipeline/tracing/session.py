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
        self.record.status = summary.status
        self.record.finished_at = time.time()
        self.record.output_dir = summary.output_dir
        self.record.tokens = summary.tokens
        self.record.cost_usd = summary.cost_usd
        self.record.providers = {
            f"{r.agent}{'#' + str(r.round) if r.round else ''}": r.provider for r in summary.agents
        }
        self.store.save(self.record)


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
        _failed(store, record, str(exc))
        raise
    except Exception as exc:
        _failed(store, record, f"{type(exc).__name__}: {exc}")
        raise RunFailed(
            f"run {record.run_id} failed: {type(exc).__name__}: {exc}",
            hint=f"its finished steps are saved; continue with python -m pipeline resume {record.run_id}",
        ) from exc
    finally:
        sink.close()


def _failed(store: RunStore, record: RunRecord, error: str) -> None:
    record.status = "failed"
    record.error = error[:2000]
    record.finished_at = time.time()
    store.save(record)
