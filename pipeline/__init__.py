"""pipeline: one request in, one working full-stack project out.

from pipeline import generate
summary = generate("build a todo app", out="out/todo")

summary = edit("out/todo", "add a rating to todos")   # keeps your own changes to the files

from pipeline import build_graph          # the compiled LangGraph, to embed or stream
"""

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

__all__ = [
    "AgentReport",
    "Design",
    "Diagnostic",
    "Entity",
    "EntityField",
    "FileSet",
    "PipelineContext",
    "PipelineError",
    "Plan",
    "Resource",
    "RunSummary",
    "Settings",
    "aedit",
    "agenerate",
    "astream_run",
    "build_graph",
    "edit",
    "generate",
]
