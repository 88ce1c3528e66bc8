"""Pet Care, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "pets", 420,
    Cue(r"\b(pets?|vet|veterinar(y|ian))\b|\b(?:my|our|your|their)\s+(?:\w+\s+)?(?:dogs?|cats?|pupp(?:y|ies)|kittens?|rabbits?|hamsters?|guinea\s+pigs?|parrots?|budgies?|tortoises?|ponies|pony)\b(?![\s-]+(?:\w+ing|business|owners?|walkers?|sitters?|groomers?|trainers?|shows?)\b)|\b(?:feed|walk|groom)(?:s|ing)?\s+(?:the|my|our)\s+(?:dogs?|cats?|pupp(?:y|ies)|kittens?|rabbits?|hamsters?)\b|\b(?:the|our|my)\s+(?:dog|cat|puppy|kitten|rabbit|hamster)(?:'s)?\s+(?:\w+\s+)?(?:treatments?|vaccinations?|jabs|food|feeds?|walks?|meds|medicines?)\b|\b(?:gave|give|gives|giving)\s+the\s+(?:dogs?|cats?|rabbits?)\b|\b(?:for|of)\s+(?:my\s+|our\s+)?(?:dogs|cats|puppies|kittens)\b", "Pet Care", ("pet", "vet_visit")),
    does=("feed", "walk", "care", "groom"),
)  # fmt: skip
