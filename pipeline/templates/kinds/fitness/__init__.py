"""Workout Log, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "fitness", 330,
    Cue(r"\b(workouts?|fitness|gym|exercises?)\b|\b(?:log|track|record)s?\s+(?:my|our|your)\s+runs\b|\b(?:my|our|your|their)\s+(?:daily\s+|weekly\s+|morning\s+|long\s+)?(?:runs|rides|swims|hikes|climbs|lifts|(?:bike|cycle|cycling)\s+rides)\b|\btraining\s+(?:sessions?|log|plan|diary|journal)\b|\bstrava\b", "Workout Log", ("workout", "exercise")),
    does=("exercise", "train", "lift", "run"),
)  # fmt: skip
