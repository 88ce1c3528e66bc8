"""Contacts, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "contacts", 300,
    Cue(r"\bcontacts?\b|\baddress\s*book\b|\bphone\s*book\b", "Contacts", ("contact",)),
)  # fmt: skip
