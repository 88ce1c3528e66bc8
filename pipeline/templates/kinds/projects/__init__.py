"""Projects, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "projects", 520,
    Cue(r"\bproject\s*(management|manager|tracker|board)\b|\bkanban\b|\bprojects\b.*\btasks?\b|\btrello\b|\basana\b", "Projects", ("project", "task")),
    features=("completion_toggle", "due_dates"),
    does=("plan", "schedule", "prioritise"),
)  # fmt: skip
