"""Expense Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "expense", 250,
    Cue(r"\b(expenses?|spending|budget(ing)?)\b", "Expense Tracker", ("expense", "category")),
    features=("monthly_totals",),
    does=("spend", "budget"),
)  # fmt: skip
