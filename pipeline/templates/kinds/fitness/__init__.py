"""Workout Log: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="fitness",
    priority=330,
    cues=(
        Cue(r"\b(workouts?|fitness|gym|exercises?)\b", "Workout Log", ("workout", "exercise")),
    ),
)  # fmt: skip
