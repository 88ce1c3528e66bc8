"""Meal Planner, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "meals", 460,
    Cue(r"\bmeal\s*(plan|planner|planning|prep)?\b|\bmeals\b|\bwhat\s+(?:we|i|to)\s+(?:eat|cook)\b|\b(?:weekly|week's)\s+(?:dinners|menus?)\b", "Meal Planner", ("meal",)),
    does=("plan", "cook", "prep"),
)  # fmt: skip
