"""Habit Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "habits", 320,
    Cue(r"\bhabits?\b|\bstreaks?\b", "Habit Tracker", ("habit", "checkin")),
    features=("completion_toggle",),
    does=("check", "build", "break"),
)  # fmt: skip
