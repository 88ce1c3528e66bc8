"""Projects, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="projects",
    priority=520,
    cues=(
        Cue(r"\bproject\s*(management|manager|tracker|board)\b|\bkanban\b|\bprojects\b.*\btasks?\b", "Projects", ("project", "task")),
    ),
    features=("completion_toggle", "due_dates"),
    does=("plan", "schedule", "prioritise"),
)  # fmt: skip
