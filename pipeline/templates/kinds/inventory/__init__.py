"""Inventory: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="inventory",
    priority=280,
    cues=(
        Cue(r"\b(inventory|stock|warehouse)\b", "Inventory", ("product", "supplier")),
    ),
)  # fmt: skip
