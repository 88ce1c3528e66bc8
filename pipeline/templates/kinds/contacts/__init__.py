"""Contacts, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="contacts",
    priority=300,
    cues=(
        Cue(r"\bcontacts?\b|\baddress\s*book\b|\bphone\s*book\b", "Contacts", ("contact",)),
    ),
)  # fmt: skip
