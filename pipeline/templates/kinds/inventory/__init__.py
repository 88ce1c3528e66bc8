"""Inventory, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "inventory", 280,
    Cue(r"\b(inventory|warehouse)\b|\bstock\b(?!\s+(?:market|prices?|portfolio|exchange|tickers?|trading|photos?|images?)\b)|\bpantry\b|\blarder\b|\bspare\s+parts\b|\brestock\w*\b|\b(?:runs?|running)\s+low\b|\b(?:track(?:s|ing)?|keep(?:s|ing)?\s+track\s+of|log(?:s|ging)?|list(?:s|ing)?|record(?:s|ing)?|know(?:s|ing)?)\s+what(?:'s|\s+is)\s+in\s+(?:my|your|our|the)\s+(?:\w+\s+)?(?:fridge|freezer|cupboards?|pantry|larder|cellar|shed|stockroom)\b", "Inventory", ("product", "supplier")),
    does=("stock", "restock", "order"),
)  # fmt: skip
