"""Things a request names with their fields outright: "a birdwatching log where each sighting has
a species, a place and a date" is sightings with exactly those three fields, whatever else the
request's words would suggest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.artifacts import Entity, EntityField
from pipeline.templates import naming
from pipeline.templates.fields import entity_of, infer_type
from pipeline.templates.phrases import list_part
from pipeline.templates.vocabulary import parse_field
from pipeline.templates.words import FIELD_WORDS

EACH_HAS = re.compile(
    r"\b(?:each|every)\s+(?P<thing>[a-z]+(?:\s+(?!(?:should|must|will|would|can|needs?)\b)[a-z]+)?)"
    r"(?:\s+(?:in|of|on|from|at)\s+[a-z' ]+?)?\s+"
    r"(?:has|have|(?:should|must|will|would|can)\s+have|needs?|contains?|includes?|records?|keeps?|stores?)"
    r"(?:\s+the\s+following(?:\s+fields)?)?(?:\s*:\s*|\s+)(?P<fields>[^.;!?]+)"
)
KEPT_WITH = re.compile(
    r"\b(?:log|logs|logging|track|tracks|tracking|record|records|recording|catalog(?:ue)?s?|save|saves|store|stores"
    r"|keep\s+(?:a\s+)?(?:list|log|record|track)\s+of|(?:log|list|diary|journal|catalog(?:ue)?)\s+of)\s+(?:(?:my|our|the|every|each|all|your|their)\s+)?"
    r"(?P<thing>[a-z]+(?:\s+[a-z]+)?)(?:\s+(?:i|we|you|they)\s+[a-z']+)?\s+with\s+(?P<fields>[^.;!?]+)"
)
"""A thing kept with its details listed: "log my catches with the fish, the weight and the lake"."""
_ARTICLES = {"a", "an", "the", "its", "their", "his", "her", "my", "our", "your", "some", "any"}
_WHETHER = re.compile(r"^whether\s+(?:i|we|you|they|it|he|she)\s+(\w+)")


def stated_entities(lowered: str) -> list[Entity]:
    """The things stated with their fields, each with exactly the fields named (two or more)."""
    return _stated(EACH_HAS.finditer(lowered))


def kept_with_entities(lowered: str) -> list[Entity]:
    """Things kept with their details listed ("log my runs with distance, time and route"), each
    with exactly those details (two or more)."""
    return _stated(KEPT_WITH.finditer(lowered))


def _stated(matches: Iterator[re.Match[str]]) -> list[Entity]:
    found: list[Entity] = []
    for match in matches:
        listed = list_part(match["fields"], verbs=False)  # "…, and shows the rarest": a clause
        items = [i.strip() for i in re.split(r",|\band\b|\bplus\b", listed) if i.strip()]
        fields = [f for f in (_field(item) for item in items) if f is not None]
        names = {f.name for f in fields}
        if len(fields) < 2 or len(names) < len(fields):
            continue
        name = naming.identifier(naming.singularize(naming.snake(match["thing"])), fallback="item")
        fields[0].required = True
        title = next((f.name for f in fields if f.type in ("string", "text")), fields[0].name)
        found.append(entity_of(name, fields, title))
    return found


def _field(item: str) -> EntityField | None:
    """One field as the request words it: "a dose number", "whether I sent it" (a yes or no),
    "a quality score from 1 to 5" (a number)."""
    if whether := _WHETHER.match(item):
        name = naming.identifier(whether[1], fallback="field")
        return EntityField(name=name, type="boolean", label=naming.label(name))
    words = naming.ascii_words(
        re.split(r"(?<![\w-])(?:from|between|out\s+of|in|with|like|such\s+as)(?![\w-])", item)[0]
    )
    while words and words[0] in _ARTICLES:
        words = words[1:]
    if not words or len(words) > 4:
        return None
    phrase = " ".join(words)
    if phrase in FIELD_WORDS:
        return parse_field(FIELD_WORDS[phrase])
    name = naming.identifier(phrase, fallback="field")  # "date" is taken: date_field, labelled "Date"
    return EntityField(
        name=name, type=infer_type(naming.snake(phrase)), label=naming.label(naming.snake(phrase))
    )
