"""Invoices: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="invoice",
    priority=260,
    cues=(
        Cue(r"\binvoic(e|es|ing)\b|\bbilling\b", "Invoices", ("client", "invoice")),
    ),
    features=("monthly_totals",),
)  # fmt: skip
