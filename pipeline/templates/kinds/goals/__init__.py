"""Goal Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "goals", 510,
    Cue(r"\bgoals?\b|\bsav(?:e|es|ing)\s+up\b|\bsavings?\s+(?:targets?|jars?|pots?)\b", "Goal Tracker", ("goal",)),
    features=("completion_toggle",),
    does=("plan", "set", "reach", "achieve"),
)  # fmt: skip
