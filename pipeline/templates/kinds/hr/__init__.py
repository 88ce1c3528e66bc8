"""Staff Directory, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "hr", 370,
    Cue(r"\b(employees?|staff|hr|payroll)\b|\bnew\s+hires\b|\bonboard(?:ing)?\s+(?:new\s+)?(?:staff|employees|hires|starters)\b|\b(?:holiday|leave|time[\s-]off)\s+requests?\b|\brequest(?:s|ing)?\s+(?:(?:a|their|your|my|some)\s+)?(?:holidays?|leave|time[\s-]off|days\s+off)\b", "Staff Directory", ("employee",)),
    does=("hire", "onboard", "pay"),
)  # fmt: skip
