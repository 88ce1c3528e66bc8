"""Staff Directory, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "hr", 370,
    Cue(r"\b(employees?|staff|hr|payroll)\b", "Staff Directory", ("employee",)),
    does=("hire", "onboard", "pay"),
)  # fmt: skip
