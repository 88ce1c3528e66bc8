"""Invoices, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "invoice", 260,
    Cue(r"\binvoic(e|es|ing)\b|\bbilling\b|\bbill(?:s|ing)?\s+(?:my|our|the|each|a)\s+(?:\w+\s+)?(?:clients?|customers?)\b|\bquickbooks\b|\bfreshbooks\b", "Invoices", ("client", "invoice")),
    features=("monthly_totals",),
    does=("invoice", "bill", "charge"),
)  # fmt: skip
