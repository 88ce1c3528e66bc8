"""``generate``: one call from a request to a RunSummary (and a project on disk)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.types import Command

from pipeline._sync import run_sync
from pipeline.agents.types import ModelSource
from pipeline.artifacts import RunSummary
from pipeline.cache import CacheStore
from pipeline.errors import RunFailed
from pipeline.graph.build import build_graph
from pipeline.graph.context import PipelineContext
from pipeline.request import EditBase, RunRequest
from pipeline.settings import Settings


def initial_state(request: RunRequest, run_id: str) -> dict[str, Any]:
    """The graph's inputs for a request: the one place a request becomes graph state (an edit's
    base is read here, from the project folder it names)."""
    inputs: dict[str, Any] = {
        "prompt": request.prompt,
        "run_id": run_id,
        "mode": request.mode,
        "output_dir": str(request.out) if request.out is not None else None,
        "output_root": str(request.out_root) if request.out_root is not None else None,
        "force": request.force,
        "review": request.options.review,
    }
    if request.base is not None:
        if request.base.project is None:
            raise RunFailed(
                "an edit's base version is not in a folder yet",
                hint="unpack it and build the request with EditBase(project=...)",
            )
        from pipeline.projects import load_project

        record = load_project(request.base.project)
        inputs.update(base_plan=record.plan, base_design=record.design, dry_run=request.dry_run)
    return inputs


Reviewer = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
"""Answers a review pause (``{"event": "review", "stage": ..., "plan" | "design": ...}``)."""


async def drive(
    graph: Any,
    inputs: Any,
    *,
    config: RunnableConfig,
    context: PipelineContext,
    reviewer: Reviewer | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Progress events as the graph runs (``inputs=None`` resumes from the last checkpoint; a
    ``Command(resume=...)`` answers a review), then ``{"event": "summary", "summary": RunSummary}``.

    A review pause is yielded as its ``review`` event; with a ``reviewer`` the run goes on with
    its answer, without one the stream ends with ``{"event": "awaiting_review", ...}``.
    """
    summary: RunSummary | None = None
    # durability="sync": a step's checkpoint is on disk before the next step starts, so a
    # run killed at any point resumes without redoing a finished agent.
    durability = {"durability": "sync"} if getattr(graph, "checkpointer", None) else {}
    payload = inputs
    while True:
        paused: dict[str, Any] | None = None
        async for mode, chunk in graph.astream(
            payload, config=config, context=context, stream_mode=["custom", "updates"], **durability
        ):
            if mode == "custom" and isinstance(chunk, dict):
                yield chunk
            elif isinstance(chunk, dict):
                if chunk.get("write"):
                    summary = chunk["write"].get("summary")
                if chunk.get("__interrupt__"):
                    paused = dict(chunk["__interrupt__"][0].value)
        if paused is None:
            break
        yield {"ts": round(time.time(), 3), **paused}
        if reviewer is None:
            yield {"event": "awaiting_review", "stage": paused.get("stage")}
            return
        payload = Command(resume=await reviewer(paused))
    if summary is None:
        raise RunFailed(
            "the run ended without a summary", hint="inspect it with python -m pipeline trace RUN_ID"
        )
    yield {"event": "summary", "summary": summary}


async def astream_run(
    request: str | RunRequest,
    *,
    out: str | Path | None = None,
    force: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
    run_id: str | None = None,
    out_root: str | Path | None = None,
    checkpointer: Any = None,
    cache: CacheStore | None = None,
    reviewer: Reviewer | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Progress events as the run goes, then ``{"event": "summary", "summary": RunSummary}``.

    The one path every entry point drives the graph through. ``request`` is a
    :class:`RunRequest` its edge built and checked (``out``, ``out_root`` and ``force`` are then
    its own), or a prompt, checked here as a generation writing to ``out``."""
    settings = settings or Settings()
    if isinstance(request, str):
        request = RunRequest.build(
            request, max_chars=settings.max_prompt_chars, out=out, out_root=out_root, force=force
        )
    run_id = run_id or uuid.uuid4().hex[:12]
    inputs = initial_state(request, run_id)
    context = PipelineContext(settings=settings, models=edge_models(settings, models), cache=cache)
    config: RunnableConfig = {"configurable": {"thread_id": run_id}}
    graph = build_graph(checkpointer=checkpointer)
    # first, so that whoever follows a run (the --json stream, a job's SSE) has its id at once
    yield run_start(run_id)
    async for event in drive(graph, inputs, config=config, context=context, reviewer=reviewer):
        yield event


async def _summary_of(events: AsyncIterator[dict[str, Any]]) -> RunSummary:
    summary: RunSummary | None = None
    async for event in events:
        if event.get("event") == "summary":
            summary = event["summary"]
    if summary is None:  # drive() raises first; this is only for the type
        raise RunFailed("the run ended without a summary")
    return summary


def edge_models(settings: Settings, models: ModelSource | None) -> ModelSource:
    """The run's chat models, built here at the edge and handed to the graph: the provider
    clients and the key pool the settings name, unless the caller brought its own (a replay, a
    test's script, the service's shared pool)."""
    if models is not None:
        return models
    from pipeline.providers.registry import ProviderModels

    return ProviderModels(settings)


def run_start(run_id: str, *, resumed: bool = False) -> dict[str, Any]:
    return {"ts": round(time.time(), 3), "event": "run_start", "run_id": run_id, "resumed": resumed}


async def aedit(
    project: str | Path,
    change: str,
    *,
    dry_run: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
) -> RunSummary:
    """Change a generated project, keeping the user's own changes to its files."""
    settings = settings or Settings()
    request = RunRequest.build(
        change, max_chars=settings.max_prompt_chars, base=EditBase(project=Path(project)), dry_run=dry_run
    )
    return await _summary_of(astream_run(request, settings=settings, models=models))


def edit(
    project: str | Path,
    change: str,
    *,
    dry_run: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
) -> RunSummary:
    """Synchronous :func:`aedit`."""
    return run_sync(aedit(project, change, dry_run=dry_run, settings=settings, models=models))


async def aresume(
    run_id: str,
    *,
    checkpointer: Any,
    settings: Settings | None = None,
    models: ModelSource | None = None,
    answer: dict[str, Any] | None = None,
    reviewer: Reviewer | None = None,
    cache: CacheStore | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Continue a run from its last checkpoint: finished agents are not asked again. A run
    paused for review goes on with ``answer`` (or asks ``reviewer`` again)."""
    graph = build_graph(checkpointer=checkpointer)
    config: RunnableConfig = {"configurable": {"thread_id": run_id}}
    state = await graph.aget_state(config)
    if not state.values:
        raise RunFailed(f"run {run_id} has no checkpoint to resume from", hint="start it again")
    if not state.next:
        raise RunFailed(f"run {run_id} already finished", hint=f"see python -m pipeline trace {run_id}")
    paused = [i.value for task in state.tasks for i in task.interrupts]
    payload: Any = None
    if paused and answer is not None:
        payload = Command(resume=answer)
    elif paused and reviewer is not None:
        payload = Command(resume=await reviewer(dict(paused[0])))
    settings = settings or Settings()
    context = PipelineContext(settings=settings, models=edge_models(settings, models), cache=cache)
    yield run_start(run_id, resumed=True)
    async for event in drive(graph, payload, config=config, context=context, reviewer=reviewer):
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
    request = RunRequest.build(prompt, max_chars=settings.max_prompt_chars, out=out, force=force)
    return await _summary_of(astream_run(request, settings=settings, models=models))


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
