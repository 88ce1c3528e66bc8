"""OpenTelemetry spans from a run's events (optional extra ``otel``).

A span per agent step (``agent core``) and a child span per provider call (``chat
<model>``) carrying the GenAI semantic-convention attributes: ``gen_ai.system``,
``gen_ai.operation.name``, ``gen_ai.request.model``, ``gen_ai.usage.input_tokens``,
``gen_ai.usage.output_tokens``, and ``error.type`` when the call failed. Spans are built from
the event timestamps, so they can be exported live or from a stored run afterwards.
"""

from __future__ import annotations

from typing import Any


def _ns(seconds: float) -> int:
    return int(seconds * 1e9)


class OtelExporter:
    def __init__(self, tracer: Any = None, *, run_id: str = "", prompt: str = "") -> None:
        from opentelemetry import trace

        self.trace = trace
        self.tracer = tracer or trace.get_tracer("pipeline")
        self.root: Any = None
        self.run_id = run_id
        self.prompt = prompt
        self.open: dict[tuple[str, int], Any] = {}

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        ts = float(event.get("ts", 0.0))
        if self.root is None:
            self.root = self.tracer.start_span(
                "pipeline run",
                start_time=_ns(ts),
                attributes={"pipeline.run_id": self.run_id, "pipeline.prompt": self.prompt[:200]},
            )
        agent = str(event.get("agent", ""))
        key = (agent, int(event.get("round", 0) or 0))
        if kind == "agent_start":
            context = self.trace.set_span_in_context(self.root)
            self.open[key] = self.tracer.start_span(
                f"agent {agent}",
                context=context,
                start_time=_ns(ts),
                attributes={"pipeline.agent": agent, "pipeline.round": key[1]},
            )
        elif kind == "agent_end" and key in self.open:
            span = self.open.pop(key)
            span.set_attribute("pipeline.provider", str(event.get("provider", "")))
            if event.get("fallback_reason"):
                span.set_attribute("pipeline.fallback_reason", str(event["fallback_reason"])[:500])
            span.end(end_time=_ns(ts))
        elif kind == "provider_end":
            parent = next((span for (a, _), span in self.open.items() if a == agent), self.root)
            latency = float(event.get("latency_ms", 0.0)) / 1000
            attributes: dict[str, Any] = {
                "gen_ai.system": str(event.get("provider", "")),
                "gen_ai.operation.name": "chat",
                "gen_ai.request.model": str(event.get("model", "")),
                "pipeline.attempt": int(event.get("attempt", 1)),
            }
            if "input_tokens" in event:
                attributes["gen_ai.usage.input_tokens"] = int(event["input_tokens"])
                attributes["gen_ai.usage.output_tokens"] = int(event["output_tokens"])
                attributes["pipeline.key_fingerprint"] = str(event.get("key", ""))
            if event.get("error"):
                attributes["error.type"] = str(event["error"])
            span = self.tracer.start_span(
                f"chat {event.get('model', '')}",
                context=self.trace.set_span_in_context(parent),
                start_time=_ns(ts - latency),
                attributes=attributes,
            )
            if event.get("error"):
                span.set_status(
                    self.trace.Status(self.trace.StatusCode.ERROR, str(event.get("message", ""))[:200])
                )
            span.end(end_time=_ns(ts))

    def close(self, end_ts: float | None = None) -> None:
        for span in self.open.values():
            span.end()
        self.open.clear()
        if self.root is not None:
            self.root.end(end_time=_ns(end_ts) if end_ts else None)
