"""Wiring: CORE → (review) → ARCH → (review) → (BACKEND ∥ UIX) → DEBUG → fix rounds or write.

The review steps pass straight through unless the run asked for review; a rejection goes
straight to write, which then writes nothing."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any, Literal

import httpx
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import RetryPolicy

from pipeline._ast import AST_LOCK
from pipeline.errors import PipelineError
from pipeline.graph.context import PipelineContext
from pipeline.graph.nodes import (
    arch_node,
    backend_node,
    core_node,
    debug_node,
    review_design_node,
    review_plan_node,
    start_node,
    sync_twin,
    uix_node,
    write_node,
)
from pipeline.graph.state import InputState, OutputState, PipelineState

NodeName = Literal[
    "start", "core", "review_plan", "arch", "review_design", "backend", "uix", "debug", "write"
]


def is_transient(exc: Exception) -> bool:
    """Worth running the node again: the machine or the network hiccuped, not our logic.
    Provider errors are handled (and retried on other keys) inside the agents."""
    if isinstance(exc, PipelineError):
        return False
    return isinstance(exc, OSError | TimeoutError | sqlite3.OperationalError | httpx.TransportError)


TRANSIENT = RetryPolicy(
    initial_interval=0.5,
    backoff_factor=2.0,
    max_interval=8.0,
    max_attempts=3,
    jitter=True,
    retry_on=is_transient,
)


def after_review(next_step: str) -> Any:
    def route(state: PipelineState) -> str:
        return "write" if state.get("rejected") else next_step

    return route


def route_after_debug(state: PipelineState) -> list[str]:
    """Back to the owners of failing files while DEBUG asks for a round, else on to write."""
    return list(state.get("fix_targets") or ["write"])


def build_graph(*, checkpointer: Any = None, cache: Any = None) -> CompiledStateGraph[Any, Any, Any, Any]:
    """The compiled pipeline graph.

    Compiled without a checkpointer by default so a parent graph can embed it as a node;
    the CLI passes one so runs can resume.
    """
    # compiled once per process (the service compiles a graph per job otherwise); each caller
    # gets its own copy with its checkpointer and node cache
    return _compiled().copy(update={"checkpointer": checkpointer, "cache": cache})


@functools.cache
def _compiled() -> CompiledStateGraph[Any, Any, Any, Any]:
    # langchain's RunnableLambda parses its functions' source (ast.parse) as the graph is built,
    # which must not overlap a DEBUG thread's parse (see pipeline/_ast.py)
    with AST_LOCK:
        return _build_graph(None, None)


def _build_graph(checkpointer: Any, cache: Any) -> CompiledStateGraph[Any, Any, Any, Any]:
    graph = StateGraph(
        PipelineState, context_schema=PipelineContext, input_schema=InputState, output_schema=OutputState
    )
    graph.add_node("start", sync_twin(start_node))
    graph.add_node("core", sync_twin(core_node), retry_policy=TRANSIENT)
    graph.add_node("arch", sync_twin(arch_node), retry_policy=TRANSIENT)
    graph.add_node("backend", sync_twin(backend_node), retry_policy=TRANSIENT)
    graph.add_node("uix", sync_twin(uix_node), retry_policy=TRANSIENT)
    # defer: DEBUG waits for every branch of the superstep, including a fix round
    # that re-runs only one of BACKEND / UIX (the list-form join would never fire again).
    graph.add_node("debug", sync_twin(debug_node), defer=True, retry_policy=TRANSIENT)
    graph.add_node("write", sync_twin(write_node), retry_policy=TRANSIENT)
    graph.add_edge(START, "start")
    graph.add_node("review_plan", sync_twin(review_plan_node))
    graph.add_node("review_design", sync_twin(review_design_node))
    graph.add_edge("start", "core")
    graph.add_edge("core", "review_plan")
    graph.add_conditional_edges("review_plan", after_review("arch"), ["arch", "write"])
    graph.add_edge("arch", "review_design")
    graph.add_conditional_edges(
        "review_design",
        lambda s: ["write"] if s.get("rejected") else ["backend", "uix"],
        ["backend", "uix", "write"],
    )
    graph.add_edge("backend", "debug")
    graph.add_edge("uix", "debug")
    graph.add_conditional_edges("debug", route_after_debug, ["backend", "uix", "write"])
    graph.add_edge("write", END)
    return graph.compile(checkpointer=checkpointer, cache=cache, name="pipeline")
