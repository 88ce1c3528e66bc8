"""Plant Care, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "plants", 430,
    Cue(r"\b(plants?|garden(ing)?)\b|\b(?:house|pot(?:ted)?|indoor)\s*plants?\b|\bsucculents?\b|\bcact(?:i|us|uses)\b|\bseedlings?\b|\bgardeners?\b|\ballotments?\b|\bgreenhouses?\b|\bvegetable\s+(?:beds?|patch(?:es)?)\b", "Plant Care", ("plant",)),
    does=("water", "feed", "grow", "care", "plan", "plant"),
)  # fmt: skip
