"""Expense Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "expense", 250,
    Cue(r"\b(expenses?|spending|budget(ing)?)\b|\b(?:what|how\s+much)\s+(?:i|we|you|they)\s+spen[dt]\b|\bspen(?:d|ds|ding|t)\s+(?:money\s+)?on\b|(?<!split )(?<!splitting )(?<!share )(?<!divide )\b(?:the|our|my|your|their|shared|running|household|travel|trip|holiday|monthly|weekly|wedding|renovation)\s+costs\b|\b(?:my|our)\s+money\b|\bsplitwise\b|\b(?:my|our|household|monthly|utility|the)\s+bills\b(?!\s+(?:to|for)\s+(?:clients?|customers?))|\b(?:my|our)\s+(?:monthly\s+)?subscriptions\b", "Expense Tracker", ("expense", "category")),
    features=("monthly_totals",),
    does=("spend", "budget"),
)  # fmt: skip
