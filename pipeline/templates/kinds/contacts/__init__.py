"""Contacts: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="contacts",
    priority=300,
    cues=(
        Cue(r"\bcontacts?\b|\baddress\s*book\b|\bphone\s*book\b", "Contacts", ("contact",)),
    ),
)  # fmt: skip
