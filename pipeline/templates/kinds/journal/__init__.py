"""Journal, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "journal", 390,
    Cue(r"\b(journal|diary)\b|\b(?:write|writes|writing)\s+(?:down\s+)?(?:what\s+happened|how\s+(?:i|we)\s+(?:felt|feel))\b|\bgratitude\b|\bmoods?\b(?!\s*boards?\b)", "Journal", ("journal_entry",)),
    does=("reflect", "journal"),
)  # fmt: skip
