"""Playlists, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "music", 440,
    Cue(r"\b(playlists?|music|songs?)\b", "Playlists", ("playlist", "song")),
    does=("listen", "play"),
)  # fmt: skip
