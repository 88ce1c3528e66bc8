"""``generate``: one call from a request to a RunSummary (and a project on disk)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from pipeline._sync import run_sync
from pipeline.agents.base import ModelSource
from pipeline.artifacts import RunSummary
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


async def astream_run(
    prompt: str,
    *,
    out: str | Path | None = None,
    force: bool = False,
    settings: Settings | None = None,
    models: ModelSource | None = None,
    run_id: str | None = None,
    out_root: str | Path | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Progress events as the run goes, then ``{"event": "summary", "summary": RunSummary}``."""
    settings = settings or Settings()
    inputs = _inputs(prompt, out, force, settings, run_id, out_root)
    context = PipelineContext(settings=settings, models=models)
    summary: RunSummary | None = None
    async for mode, chunk in build_graph().astream(
        inputs, context=context, stream_mode=["custom", "updates"]
    ):
        if mode == "custom" and isinstance(chunk, dict):
            yield chunk
        elif isinstance(chunk, dict) and "write" in chunk and chunk["write"]:
            summary = chunk["write"].get("summary")
    if summary is None:
        raise RuntimeError("the graph finished without a summary")
    yield {"event": "summary", "summary": summary}


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
