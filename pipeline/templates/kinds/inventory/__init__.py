"""Inventory, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="inventory",
    priority=280,
    cues=(
        Cue(r"\b(inventory|stock|warehouse)\b", "Inventory", ("product", "supplier")),
    ),
    does=("stock", "restock", "order"),
)  # fmt: skip
