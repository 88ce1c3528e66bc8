"""Bookmarks, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "bookmarks", 310,
    Cue(r"\bbookmarks?\b|\blinks?\s+(saver|manager)\b|\b(?:save|saves|saving|collect|collects)\s+(?:\w+\s+)?(?:links|urls|web\s*pages)\b|\bread(?:ing)?[\s-]+later\b", "Bookmarks", ("bookmark",)),
    features=("tags",),
)  # fmt: skip
