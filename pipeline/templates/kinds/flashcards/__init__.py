"""Flashcards, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="flashcards",
    priority=410,
    cues=(
        Cue(r"\bflash\s*cards?\b|\bstudy\s+cards?\b", "Flashcards", ("flashcard",)),
    ),
    features=("completion_toggle",),
    does=("study", "learn", "practise", "practice", "revise", "review", "quiz", "memorise", "memorize"),
)  # fmt: skip
