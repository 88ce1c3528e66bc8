"""Movie Watchlist, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "movies", 340,
    Cue(r"\b(movies?|films?|watch\s*list|watchlist)\b|\btv\s+(?:shows?|series)\b|\b(?:shows|series|documentaries)\s+(?:i|we)\s+(?:want\s+to\s+)?(?:watch|see)\b|\bletterboxd\b|\bimdb\b", "Movie Watchlist", ("movie",)),
    features=("completion_toggle",),
    does=("watch",),
)  # fmt: skip
