"""CRM, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "crm", 270,
    Cue(r"\bcrm\b|\bsales\s+pipeline\b|\bdeals?\b|\b(?:sales\s+)?leads\b(?!\s+to\b)|\bprospects\b", "CRM", ("customer", "deal")),
    does=("sell", "call", "follow"),
)  # fmt: skip
