"""Goal Tracker, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="goals",
    priority=510,
    cues=(
        Cue(r"\bgoals?\b", "Goal Tracker", ("goal",)),
    ),
    features=("completion_toggle",),
    does=("plan", "set", "reach", "achieve"),
)  # fmt: skip
