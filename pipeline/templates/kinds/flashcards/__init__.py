"""Flashcards, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "flashcards", 410,
    Cue(r"\bflash\s*cards?\b|\bstudy\s+cards?\b", "Flashcards", ("flashcard",)),
    features=("completion_toggle",),
    does=("study", "learn", "practise", "practice", "revise", "review", "quiz", "memorise", "memorize"),
)  # fmt: skip
