"""Vehicle Log, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="garage",
    priority=490,
    cues=(
        Cue(r"\b(cars?|vehicles?|garage)\b", "Vehicle Log", ("vehicle", "service_record")),
    ),
)  # fmt: skip
