"""Meal Planner, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="meals",
    priority=460,
    cues=(
        Cue(r"\bmeal\s*(plan|planner|planning|prep)?\b|\bmeals\b", "Meal Planner", ("meal",)),
    ),
    does=("plan", "cook", "prep"),
)  # fmt: skip
