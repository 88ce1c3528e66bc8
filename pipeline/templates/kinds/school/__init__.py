"""School: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="school",
    priority=360,
    cues=(
        Cue(r"\b(students?|school|grades?|courses?|classroom|gradebooks?)\b", "School", ("student", "course", "grade")),
    ),
)  # fmt: skip
