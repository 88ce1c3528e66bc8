"""Where a run's events go: the run store (events and LLM exchanges apart) and, when Redis
is configured, a pub/sub channel per run so a service can show live progress."""

from __future__ import annotations

import json
from typing import Any

from pipeline.events import destinations
from pipeline.stores.connect import redis_sync
from pipeline.tracing.store import RunStore

CHANNEL = "pipeline:runs:{run_id}"


class EventSink:
    def __init__(
        self,
        store: RunStore,
        run_id: str,
        redis_url: str | None = None,
        *,
        otel: bool = False,
        prompt: str = "",
    ) -> None:
        self.store = store
        self.run_id = run_id
        self._redis: Any = None
        self._otel: Any = None
        if otel:
            from pipeline.tracing.otel import OtelExporter

            self._otel = OtelExporter(run_id=run_id, prompt=prompt)
        if redis_url:
            self._redis = redis_sync(redis_url)

    def __call__(self, event: dict[str, Any]) -> None:
        goes = destinations(event)
        if "exchanges" in goes:
            self.store.append(self.run_id, event, stream="exchanges")
        if "trace" not in goes:
            return
        self.store.append(self.run_id, event)
        if self._otel is not None:
            self._otel(event)
        if self._redis is not None:
            try:
                self._redis.publish(CHANNEL.format(run_id=self.run_id), json.dumps(event, default=str))
            except Exception:  # live progress is best effort; the store has every event
                self._redis = None

    def close(self) -> None:
        if self._otel is not None:
            self._otel.close()
        if self._redis is not None:
            self._redis.close()
