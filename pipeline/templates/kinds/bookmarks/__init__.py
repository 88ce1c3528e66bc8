"""Bookmarks: a plain CRUD kind, the lists of its entities."""

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
