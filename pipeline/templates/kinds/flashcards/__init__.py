"""Flashcards, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "flashcards", 410,
    Cue(r"\bflash\s*cards?\b|\bstudy\s+cards?\b|\bvocab(?:ulary)?\b|\b(?:anki|quizlet|duolingo)\b|\b(?:memori[sz]e|revise|drill)\s+(?:\w+\s+){0,2}?(?:words|phrases|terms|definitions)\b|\b(?:flip|flipping)\s+(?:\w+\s+)?cards?\b|\bcards?\s+(?:you|i|we)\s+(?:can\s+)?flip\b|\btest\s+(?:yourself|myself)\b", "Flashcards", ("flashcard",)),
    features=("completion_toggle",),
    does=("study", "learn", "practise", "practice", "revise", "review", "quiz", "memorise", "memorize"),
)  # fmt: skip
