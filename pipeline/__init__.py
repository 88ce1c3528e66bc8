"""pipeline: one request in, one working full-stack project out.

from pipeline import generate
summary = generate("build a todo app", out="out/todo")
summary = edit("out/todo", "add a rating to todos")   # keeps your own changes to the files

from pipeline import build_graph          # the compiled LangGraph, to embed or stream

Names are imported on first use, so ``python -m pipeline --help`` (and every command that does
not run the graph) never loads LangGraph or the provider clients.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "AgentReport": "pipeline.artifacts",
    "Design": "pipeline.artifacts",
    "Diagnostic": "pipeline.artifacts",
    "Entity": "pipeline.artifacts",
    "EntityField": "pipeline.artifacts",
    "FileSet": "pipeline.artifacts",
    "Plan": "pipeline.artifacts",
    "Resource": "pipeline.artifacts",
    "RunSummary": "pipeline.artifacts",
    "PipelineError": "pipeline.errors",
    "build_graph": "pipeline.graph.build",
    "PipelineContext": "pipeline.graph.context",
    "aedit": "pipeline.runner",
    "agenerate": "pipeline.runner",
    "astream_run": "pipeline.runner",
    "edit": "pipeline.runner",
    "generate": "pipeline.runner",
    "Settings": "pipeline.settings",
}

__all__ = [
    "AgentReport", "Design", "Diagnostic", "Entity", "EntityField", "FileSet", "PipelineContext", "PipelineError",
    "Plan", "Resource", "RunSummary", "Settings", "aedit", "agenerate", "astream_run", "build_graph", "edit",
    "generate",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


if TYPE_CHECKING:
    from pipeline.artifacts import (
        AgentReport,
        Design,
        Diagnostic,
        Entity,
        EntityField,
        FileSet,
        Plan,
        Resource,
        RunSummary,
    )
    from pipeline.errors import PipelineError
    from pipeline.graph.build import build_graph
    from pipeline.graph.context import PipelineContext
    from pipeline.runner import aedit, agenerate, astream_run, edit, generate
    from pipeline.settings import Settings
