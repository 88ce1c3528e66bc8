"""Workout Log, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="fitness",
    priority=330,
    cues=(
        Cue(r"\b(workouts?|fitness|gym|exercises?)\b", "Workout Log", ("workout", "exercise")),
    ),
    does=("exercise", "train", "lift", "run"),
)  # fmt: skip
