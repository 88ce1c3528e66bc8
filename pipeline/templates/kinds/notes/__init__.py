"""Notes, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "notes", 530,
    Cue(r"\bnot(es|e[\s-]*taking)\b|\bnote\s*(app|book)\b|\bnotebook\b|\bjottings?\b|\bnotepad\b|\bevernote\b", "Notes", ("note",)),
    features=("tags",),
)  # fmt: skip
