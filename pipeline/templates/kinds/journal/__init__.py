"""Journal, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="journal",
    priority=390,
    cues=(
        Cue(r"\b(journal|diary)\b", "Journal", ("journal_entry",)),
    ),
    does=("reflect", "journal"),
)  # fmt: skip
