"""Plant Care, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition

DEFINITION = KindDefinition(
    key="plants",
    priority=430,
    cues=(
        Cue(r"\b(plants?|garden(ing)?)\b", "Plant Care", ("plant",)),
    ),
    does=("water", "feed", "grow", "care", "plan", "plant"),
)  # fmt: skip
