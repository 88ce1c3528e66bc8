"""Recipe Book, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "recipe", 240,
    Cue(r"\brecipes?\b|\bcook\s*book\b|\bcookbook\b", "Recipe Book", ("recipe",)),
    features=("tags",),
    does=("cook", "bake"),
)  # fmt: skip
