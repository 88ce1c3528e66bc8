"""Shopping List, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "shopping", 400,
    Cue(r"\b(shopping|grocer(y|ies))\b", "Shopping List", ("shopping_item",)),
    features=("completion_toggle",),
    does=("buy", "shop"),
)  # fmt: skip
