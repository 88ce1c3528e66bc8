"""Bookmarks, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="bookmarks",
    priority=310,
    cues=(
        Cue(r"\bbookmarks?\b|\blinks?\s+(saver|manager)\b", "Bookmarks", ("bookmark",)),
    ),
    features=("tags",),
)  # fmt: skip
