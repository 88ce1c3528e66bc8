"""Playlists, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="music",
    priority=440,
    cues=(
        Cue(r"\b(playlists?|music|songs?)\b", "Playlists", ("playlist", "song")),
    ),
    does=("listen", "play"),
)  # fmt: skip
