"""Pet Care, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="pets",
    priority=420,
    cues=(
        Cue(r"\b(pets?|vet|veterinar(y|ian))\b", "Pet Care", ("pet", "vet_visit")),
    ),
    does=("feed", "walk", "care", "groom"),
)  # fmt: skip
