"""Pet Care: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="pets",
    priority=420,
    cues=(
        Cue(r"\b(pets?|vet|veterinar(y|ian))\b", "Pet Care", ("pet", "vet_visit")),
    ),
)  # fmt: skip
