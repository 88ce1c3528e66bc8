"""Habit Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="habits",
    priority=320,
    cues=(
        Cue(r"\bhabits?\b", "Habit Tracker", ("habit", "checkin")),
    ),
    features=("completion_toggle",),
    does=("check", "build", "break"),
)  # fmt: skip
