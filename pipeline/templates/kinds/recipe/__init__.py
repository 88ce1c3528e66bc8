"""Recipe Book, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="recipe",
    priority=240,
    cues=(
        Cue(r"\brecipes?\b|\bcook\s*book\b|\bcookbook\b", "Recipe Book", ("recipe",)),
    ),
    features=("tags",),
    does=("cook", "bake"),
)  # fmt: skip
