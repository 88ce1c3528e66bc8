"""Invoices, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="invoice",
    priority=260,
    cues=(
        Cue(r"\binvoic(e|es|ing)\b|\bbilling\b", "Invoices", ("client", "invoice")),
    ),
    features=("monthly_totals",),
    does=("invoice", "bill", "charge"),
)  # fmt: skip
