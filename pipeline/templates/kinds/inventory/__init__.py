"""Inventory, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "inventory", 280,
    Cue(r"\b(inventory|stock|warehouse)\b", "Inventory", ("product", "supplier")),
    does=("stock", "restock", "order"),
)  # fmt: skip
