"""Shopping List, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="shopping",
    priority=400,
    cues=(
        Cue(r"\b(shopping|grocer(y|ies))\b", "Shopping List", ("shopping_item",)),
    ),
    features=("completion_toggle",),
    does=("buy", "shop"),
)  # fmt: skip
