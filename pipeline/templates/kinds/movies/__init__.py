"""Movie Watchlist, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="movies",
    priority=340,
    cues=(
        Cue(r"\b(movies?|films?|watch\s*list|watchlist)\b", "Movie Watchlist", ("movie",)),
    ),
    features=("completion_toggle",),
    does=("watch",),
)  # fmt: skip
