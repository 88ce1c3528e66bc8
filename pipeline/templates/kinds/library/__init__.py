"""Library, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "library", 230,
    Cue(r"\blibrar(y|ies)\b|\bbook\s*(loans?|lending)\b|\b(borrow(ed|s|ing)?|lend(s|ing)?|lent)\b.*\bbooks?\b|\b(?:borrow(?:ed|s|ing)?|lend(?:s|ing)?|lent|loan(?:s|ed)?\s+out)\b(?!\s+(?:\w+\s+)?(?:money|cash|funds)\b)|\b(?:who|which\s+\w+)\s+(?:has|have|borrowed)\s+(?:got\s+)?(?:my|our)\b", "Library", ("book", "member", "loan")),
    features=("due_dates",),
    does=("lend", "borrow", "return", "loan"),
)  # fmt: skip
