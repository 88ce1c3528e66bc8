"""Staff Directory, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="hr",
    priority=370,
    cues=(
        Cue(r"\b(employees?|staff|hr|payroll)\b", "Staff Directory", ("employee",)),
    ),
    does=("hire", "onboard", "pay"),
)  # fmt: skip
