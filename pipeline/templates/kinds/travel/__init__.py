"""Trip Planner, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "travel", 450,
    Cue(r"\b(trips?|travel|vacations?)\b|\bitinerar(?:y|ies)\b|\btours\b|\btour\s+(?:dates|plans?|itinerar(?:y|ies))\b", "Trip Planner", ("trip",)),
    does=("plan", "pack", "visit"),
)  # fmt: skip
