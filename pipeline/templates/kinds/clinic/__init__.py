"""Clinic, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "clinic", 500,
    Cue(r"\b(patients?|clinic|doctor|appointments?)\b", "Clinic", ("patient", "appointment")),
    does=("treat", "visit"),
)  # fmt: skip
