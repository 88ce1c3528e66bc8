"""School, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "school", 360,
    Cue(r"\b(students?|school|grades?|(?<!of\s)course(?!\s+of\b)|courses|classroom|gradebooks?)\b|\bpupils?\b|\bhomework\b", "School", ("student", "course", "grade")),
    does=("grade", "enrol", "enroll", "attend", "teach", "sign up", "register"),
)  # fmt: skip
