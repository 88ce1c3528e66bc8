"""Todo List, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="todo",
    priority=540,
    cues=(
        Cue(r"\bto[\s-]?dos?\b|\btasks?\b|\bchores?\b|\breminders?\b", "Todo List", ("todo",)),
    ),
    features=("completion_toggle", "due_dates", "tags"),
)  # fmt: skip
