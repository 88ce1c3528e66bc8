"""School, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="school",
    priority=360,
    cues=(
        Cue(r"\b(students?|school|grades?|courses?|classroom|gradebooks?)\b", "School", ("student", "course", "grade")),
    ),
    does=("grade", "enrol", "enroll", "attend", "teach", "sign up", "register"),
)  # fmt: skip
