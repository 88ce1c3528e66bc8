"""Restaurant Menu, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="restaurant",
    priority=480,
    cues=(
        Cue(r"\b(restaurant|menu|cafe)\b", "Restaurant Menu", ("menu_item",)),
    ),
)  # fmt: skip
