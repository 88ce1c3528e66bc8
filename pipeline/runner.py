"""``generate``: one call from a request to a RunSummary (and a project on disk)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig

from pipeline._sync import run_sync
from pipeline.agents.base import ModelSource
from pipeline.artifacts import RunSummary
from pipeline.cache import CacheStore
from pipeline.errors import RunFailed
from pipeline.graph.build import build_graph
from pipeline.graph.context import PipelineContext
from pipeline.request import check_prompt
from pipeline.settings import Settings
from pipeline.writer import ensure_writable_dir


def _inputs(
    prompt: str,
    out: str | Path | None,
    force: bool,
    settings: Settings,
    run_id: str | None,
    out_root: str | Path | None = None,
) -> dict[str, Any]:
    prompt = check_prompt(prompt, max_chars=settings.max_prompt_chars)
    if out is not None:
        ensure_writable_dir(Path(out), force=force)
    inputs: dict[str, Any] = {
        "prompt": prompt,
        "output_dir": str(out) if out is not None else None,
        "output_root": str(out_root) if out_root is not None else None,
        "force": force,
    }
    if run_id:
        inputs["run_id"] = run_id
    return inputs


async def drive(
    graph: Any, inputs: dict[str, Any] | None, *, config: RunnableConfig, context: PipelineContext
) -> AsyncIterator[dict[str, Any]]:
    """Progress events as the graph runs (``inputs=None`` resumes from the last checkpoint),
    then ``{"event": "summary", "summary": RunSummary}``."""
    summary: RunSummary | None = None
    # durability="sync": a step's checkpoint is on disk before the next step starts, so a
    # run killed at any point resumes without redoing a finished agent.
    durability = {"durability": "sync"} if getattr(graph, "checkpointer", None) else {}
    async for mode, chunk in graph.astream(
        inputs, config=config, context=context, stream_mode=["custom", "updates"], **durability
    ):
        if mode == "custom" and isinstance(chunk, dict):
            yield chunk
        elif isinstance(chunk, dict) and chunk.get("write"):
            summary = chunk["write"].get("summary")
    if summary is None:
        raise RunFailed(
            "the run ended without a summary", hint="inspect it with python -m pipeline trace RUN_ID"
        )
    yield {"event": "summary", "summary": summary}


async def astream_run(
    prompt: str,
    *,
    out: str | Path | None = None,
    force: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
    run_id: str | None = None,
    out_root: str | Path | None = None,
    checkpointer: Any = None,
    cache: CacheStore | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Progress events as the run goes, then ``{"event": "summary", "summary": RunSummary}``."""
    settings = settings or Settings()
    run_id = run_id or uuid.uuid4().hex[:12]
    inputs = _inputs(prompt, out, force, settings, run_id, out_root)
    context = PipelineContext(settings=settings, models=models, cache=cache)
    config: RunnableConfig = {"configurable": {"thread_id": run_id}}
    async for event in drive(build_graph(checkpointer=checkpointer), inputs, config=config, context=context):
        yield event


async def aresume(
    run_id: str, *, checkpointer: Any, settings: Settings | None = None, models: ModelSource | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Continue a run from its last checkpoint: finished agents are not asked again."""
    graph = build_graph(checkpointer=checkpointer)
    config: RunnableConfig = {"configurable": {"thread_id": run_id}}
    state = await graph.aget_state(config)
    if not state.values:
        raise RunFailed(f"run {run_id} has no checkpoint to resume from", hint="start it again")
    if not state.next:
        raise RunFailed(f"run {run_id} already finished", hint=f"see python -m pipeline trace {run_id}")
    context = PipelineContext(settings=settings or Settings(), models=models)
    async for event in drive(graph, None, config=config, context=context):
        yield event


async def agenerate(
    prompt: str,
    *,
    out: str | Path | None = None,
    force: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
) -> RunSummary:
    """Run the whole pipeline; write the project to ``out`` when given."""
    settings = settings or Settings()
    inputs = _inputs(prompt, out, force, settings, None)
    result = await build_graph().ainvoke(inputs, context=PipelineContext(settings=settings, models=models))
    summary: RunSummary = result["summary"]
    return summary


def generate(
    prompt: str,
    *,
    out: str | Path | None = None,
    force: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
) -> RunSummary:
    """Synchronous :func:`agenerate`."""
    return run_sync(agenerate(prompt, out=out, force=force, settings=settings, models=models))
