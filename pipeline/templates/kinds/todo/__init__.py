"""Todo List, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "todo", 540,
    Cue(r"\bto[\s-]?dos?\b|\btasks?\b|\bchores?\b|\breminders?\b|\bremind(?:s|ing)?\s+(?:me|us)\b", "Todo List", ("todo",)),
    features=("completion_toggle", "due_dates", "tags"),
)  # fmt: skip
