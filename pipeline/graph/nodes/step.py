"""What every node shares: the run's context, the event writer, the budget, and one agent step
(announce it, run it, report it with the key-pool changes it caused)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, cast

from langchain_core.runnables import RunnableLambda
from langgraph.config import get_stream_writer
from langgraph.runtime import get_runtime

from pipeline._sync import run_sync
from pipeline.agents.types import AgentResult, Budget, Emit, StepContext
from pipeline.artifacts import AgentReport
from pipeline.events import Event, KeyState
from pipeline.graph.context import PipelineContext
from pipeline.graph.state import PipelineState
from pipeline.keypool.pool import collect_key_events

Update = dict[str, Any]
Node = Callable[[PipelineState], Coroutine[Any, Any, Update]]


def context() -> PipelineContext:
    """The run's context. A parent graph that passes none gets one from the environment per
    node: sync ``invoke`` runs each node on its own event loop, and async clients (Redis) must
    not outlive theirs."""
    context = get_runtime(PipelineContext).context
    return context if isinstance(context, PipelineContext) else PipelineContext()


def emitter() -> Emit:
    writer = get_stream_writer()

    def emit(event: Event) -> None:
        writer({"ts": round(time.time(), 3), **event})

    return emit


def budget_of(state: PipelineState, ctx: PipelineContext) -> Budget:
    reports = state.get("reports", [])
    return Budget(
        limit=ctx.settings.max_tokens,
        used=sum(r.tokens_in + r.tokens_out for r in reports),
        cost_limit=ctx.settings.max_cost_usd,
        cost_used=sum(r.cost_usd or 0.0 for r in reports),
    )


def finished(emit: Emit, r: AgentReport, key_events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Emit the key-pool changes the agent's calls caused, then its end; return those changes."""
    tagged = [{**event, "agent": r.agent, "round": r.round} for event in key_events]
    for event in tagged:
        emit(cast(KeyState, event))
    emit(
        {
            "event": "agent_end",
            "agent": r.agent,
            "provider": r.provider,
            "model": r.model,
            "key": r.key_fingerprint,
            "tokens": r.tokens_in + r.tokens_out,
            "cost_usd": r.cost_usd,
            "latency_ms": r.latency_ms,
            "fallback_reason": r.fallback_reason,
            "round": r.round,
        }
    )
    return tagged


Call = Callable[[StepContext], Awaitable[AgentResult[Any]]]


def step_context(state: PipelineState, round_: int = 0) -> StepContext:
    """What an agent step is given: built here once, so no node passes settings, models, cache,
    budget and events by hand."""
    ctx = context()
    return StepContext(
        settings=ctx.settings, models=ctx.model_source(), budget=budget_of(state, ctx), emit=emitter(),
        cache=ctx.cache_store(), round=round_,
    )  # fmt: skip


async def step(
    state: PipelineState, agent: str, call: Call, round_: int = 0
) -> tuple[AgentResult[Any], Update]:
    """One agent step: announce it, run it, report it with the key-pool changes it caused."""
    ctx = step_context(state, round_)
    ctx.emit({"event": "agent_start", "agent": agent, "round": round_})
    with collect_key_events() as key_events:
        result = await call(ctx)
    return result, {"reports": [result.report], "key_events": finished(ctx.emit, result.report, key_events)}


def sync_twin(node: Node) -> RunnableLambda[PipelineState, Update]:
    """The node as a runnable with both entry points, so ``invoke`` and ``ainvoke`` both work."""

    def run(state: PipelineState) -> Update:
        return run_sync(node(state))

    return RunnableLambda(run, afunc=node, name=node.__name__.removesuffix("_node"))
