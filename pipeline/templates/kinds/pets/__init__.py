"""Pet Care, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "pets", 420,
    Cue(r"\b(pets?|vet|veterinar(y|ian))\b", "Pet Care", ("pet", "vet_visit")),
    does=("feed", "walk", "care", "groom"),
)  # fmt: skip
