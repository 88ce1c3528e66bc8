"""Shapes a request takes around its domain, read before the domain is: a wish or a question that
opens it ("Is it possible to make…", "I'm looking for…", "Something simple to…"), a situation told
before the wish ("Our street has…, so we want…"), a service between two sides ("connect dog owners
with dog sitters"), and people followed by what they are doing ("musicians looking for bands").
"""

from __future__ import annotations

import itertools
import re

from pipeline.templates.noun_phrases import (
    DETERMINERS,
    PEOPLE,
    PRONOUNS,
    SKIP,
    STOP_WORDS,
    as_modifier,
    compound_words,
    object_of,
)
from pipeline.templates.subject import verb_subject

_SO_WISH = re.compile(
    r"[,;]?\s+so\s+(?:that\s+)?(?=(?:i|we)(?:'d|\s+(?:really\s+)?(?:want|need|would|wanna|'re|are|am)\b))",
    re.IGNORECASE,
)
"""A situation, then ", so we want …": the wish after "so" is the request ("so I remember" is a purpose)."""

_TWO_SIDED = re.compile(
    r"^(?:connect|match|pair|link|introduce)(?:s|es|ing)?\s+(.+?)\s+(?:with|to|and)\s+(.+)$", re.IGNORECASE
)
"""A verb that brings two sides together: the app is named by both ("Tutors & Students")."""

_FRONTED_FOR = re.compile(
    r"^\W*for\s+(?P<what>[^,.;:!?]+?)\s*,?\s+(?:i|we)(?:'d|\s+would)?\s+(?:need|want|like|love)\b",
    re.IGNORECASE,
)
"""What a wish is for, said before it: "For our science fair we need something that …"."""

_MAIN_VERBS = {"need", "needs", "want", "wants", "would", "should", "can", "could", "must", "have", "has"}
"""Where a relative clause on the subject ends and the sentence's own verb begins."""

_SEEKING = {"looking", "searching", "hunting", "hoping"}
"""Participles that mean finding what follows "for": "musicians looking for bands" find bands."""


_WHO_WANTS = re.compile(
    r"^\W*(?:(?:our|my|the|a|an)\s+)?(?:(?!that|which|who|where)\w+\s+){0,2}?(?:wants|needs)\s+(?=an?\s|some)",
    re.IGNORECASE,
)
"""One who wants the app, then the app: "Our library wants an app where members …"."""


def wished_part(text: str) -> str:
    """The wish when a situation is told first: "Our street has many tools, so we want a platform
    where neighbours lend them" → "we want a platform where neighbours lend them"."""
    parts = _SO_WISH.split(text, maxsplit=1)
    wish = parts[1] if len(parts) == 2 and parts[1].strip() else text
    return _WHO_WANTS.sub("", wish)


def fronted_purpose(text: str) -> str | None:
    """ "For our school's science fair we need …" → "school science fair": what the wish is for."""
    match = _FRONTED_FOR.match(text)
    found = object_of(match["what"]) if match else []
    return " ".join(found) or None


def two_sided(led: str) -> str | None:
    """ "connects tutors with students" → "tutors & students": each side's noun phrase."""
    match = _TWO_SIDED.match(led.strip())
    if match is None:
        return None
    sides = [object_of(re.split(r"[,.;:!?(]", side)[0]) for side in match.groups()]
    if not all(sides):
        return None
    return " & ".join(" ".join(side) for side in sides)


def people_doing(led: str) -> str | None:
    """People followed by what they are doing name the thing done: "musicians looking for bands"
    → "bands", "parents wanting to swap school uniforms" → "school uniform swap", "people who
    love birdwatching" → "birdwatching"; None when the phrase does not open with a plural noun and
    a participle or "who"."""
    words = compound_words(re.split(r"[,.;:!?(]", led.strip())[0])
    for at in range(1, min(4, len(words) - 1)):
        who, doing, rest = words[:at], words[at], words[at + 1 :]
        if set(who) & (DETERMINERS | STOP_WORDS | PRONOUNS):
            return None
        plural = who[-1] in PEOPLE or (who[-1].endswith("s") and not who[-1].endswith("ss"))
        if plural and doing == "who":  # "people who walk dogs": their verb, then its object
            rest = rest[:1] + list(
                itertools.takewhile(lambda w: w not in _MAIN_VERBS, rest[1:])
            )  # "… need a"
            verb, rest = (rest[2:3], rest[3:]) if rest[1:2] == ["to"] else (rest[:1], rest[1:])
            return verb_subject(" ".join(verb + rest)) or _object_named(rest, verb[0] if verb else "")
        if not (plural and doing.endswith("ing") and len(doing) > 5):
            continue
        if rest[0] == "to":  # "wanting to swap school uniforms": the verb wanted
            rest = rest[1:]
        elif doing in _SEEKING and rest[0] == "for":  # "looking for bands": what they find
            rest = ["find", *rest[1:]]
        return verb_subject(" ".join(rest)) or _object_named(rest[1:] if rest[0] == "find" else rest)
    return None


def _object_named(rest: list[str], verb: str = "") -> str | None:
    """The noun phrase a verb acts on, as a name: "help with maths homework" → "maths homework help"
    (what help is with), "school uniforms" → "school uniform"; with the verb's gerund after a
    plural object ("walk dogs" → "dog walking"), but not after a gerund ("love birdwatching")."""
    if rest[:1] and rest[0] in ("from", "with", "about", "on", "of", "for"):  # "suffer from migraines"
        rest, verb = rest[1:], ""  # the verb's preposition: the object alone names it
    found = object_of(" ".join(rest))
    if len(found) == 1 and "with" in rest:  # "help with maths homework": what it is with
        found = [*object_of(" ".join(rest[rest.index("with") + 1 :])), found[0]]
    if verb and found and found[-1].endswith("s") and not found[-1].endswith("ss"):
        found = [*found[:-1], as_modifier(found[-1]), gerund(verb)]
    elif len(found) > 1:
        found = [*found[:-1], as_modifier(found[-1])]
    return " ".join(found) or None


def gerund(verb: str) -> str:
    """ "walk" → "walking", "share" → "sharing", "swap" → "swapping"."""
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    if len(verb) <= 4 and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def whole_proper_name(text: str, phrase: str) -> str:
    """A name whose first word is capitalised in the request keeps the capitalised word before it:
    "a countdown to New Year" → "new year countdown", not "year countdown" ("new" alone is a word
    the lead-in drops; in a proper name it is part of it)."""
    words = phrase.split()
    if not words:
        return phrase
    before = re.search(rf"\b([A-Z][a-z]+)\s+{re.escape(words[0].capitalize())}\b", text)
    if before is None or before[1].lower() not in SKIP - DETERMINERS or before[1].lower() in words:
        return phrase
    return " ".join([before[1].lower(), *words])
