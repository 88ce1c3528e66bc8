"""Notes: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="notes",
    priority=530,
    cues=(
        Cue(r"\bnot(es|e[\s-]*taking)\b|\bnote\s*(app|book)\b|\bnotebook\b", "Notes", ("note",)),
    ),
    features=("tags",),
)  # fmt: skip
