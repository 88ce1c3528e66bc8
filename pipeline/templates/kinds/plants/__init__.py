"""Plant Care: a plain CRUD kind, the lists of its entities."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="plants",
    priority=430,
    cues=(
        Cue(r"\b(plants?|garden(ing)?)\b", "Plant Care", ("plant",)),
    ),
)  # fmt: skip
