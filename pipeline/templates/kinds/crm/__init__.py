"""CRM, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="crm",
    priority=270,
    cues=(
        Cue(r"\bcrm\b|\bsales\s+pipeline\b|\bdeals?\b", "CRM", ("customer", "deal")),
    ),
    does=("sell", "call", "follow"),
)  # fmt: skip
