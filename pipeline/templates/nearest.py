"""What a plain list keeps when no kind of app does the request: the thing its verb acts on
("readers log the books they finish" → books), the ask's own thing when the ask is one we have no
kind for (a poll for voting, a posting for a two-sided board, a game for a game we have no rules
for), else the request's subject ("Daily Water Intake Log" → water intake)."""

from __future__ import annotations

import re

from pipeline.templates import naming
from pipeline.templates.describe import domain_phrase
from pipeline.templates.subject import ACTIONS, GENERIC_OBJECTS
from pipeline.templates.vocabulary import canonical_noun
from pipeline.templates.words import COLLECTIVE, STOP

NEAREST: dict[str, tuple[str, list[str]]] = {
    "voting": ("poll", ["question:string!", "options:text!", "closes_on:date", "open:boolean"]),
    "messages": ("message", ["sender:string!", "recipient:string!", "body:text!", "read:boolean"]),
    "bidding": ("listing", ["title:string!", "description:text", "starting_price:number!", "highest_bid:number", "closes_on:date"]),
    "two sides": ("posting", ["title:string!", "description:text", "posted_by:string!", "status:string[open|taken|closed]"]),
    "the game": ("game", ["played_on:date!", "opponent:string", "result:string[won|lost|draw]", "score:integer", "notes:text"]),
    "splitting": ("shared_expense", ["description:string!", "amount:number!", "paid_by:string!", "split_between:text"]),
}  # fmt: skip
"""An unmet ask's opening words → the record a list of it keeps (name, field specs)."""
_OBJECT = re.compile(
    r"\b(?:log|logs|track|tracks|record|records|rate|rates|keep|keeps|save|saves|add|adds|store|stores|"
    r"collect|collects|post|posts|share|shares|manage|manages|review|reviews|catalog|catalogs)\s+"
    r"(?:the\s+|their\s+|his\s+|her\s+|my\s+|your\s+|our\s+|all\s+)?([a-z]+(?:\s+[a-z]+)?)"
)
_NOT_THINGS = GENERIC_OBJECTS | {"it", "them", "this", "that", "what", "which", "how", "when", "one", "ones"}
_APP_NOUNS = {*(a for a in ACTIONS.values() if a), "log", "tracker", "list", "app", "game", "report", "weekly", "monthly",
              "daily", "manager", "catalogue", "catalog", "collection", "library", "matchmaking", "board", "system",
              "trainer", "puzzle", "test"}  # fmt: skip


def nearest_record(unmet: list[str]) -> tuple[str, list[str]] | None:
    """The record a plain list keeps for the first unmet ask that has one."""
    for ask in unmet:
        for opening, record in NEAREST.items():
            if ask.startswith(opening):
                return record
    return None


def subject_thing(text: str) -> str | None:
    """The name of the thing a request with no kind keeps, or None when it names none."""
    lowered = text.lower()
    for match in _OBJECT.finditer(lowered):
        words = [w for w in match[1].split() if w not in STOP]
        if not words or words[0] in _NOT_THINGS:
            continue
        for candidate in (words[:2], words[:1]):  # "vinyl records", else "books" of "books they finish"
            last = candidate[-1]
            if canonical_noun(last) or (naming.singularize(last) != last and len(last) > 3):
                return naming.identifier(naming.singularize("_".join(candidate)), fallback="item")
    words = [w for w in domain_phrase(text).split() if w not in _APP_NOUNS | COLLECTIVE and not w.isdigit()]
    if not words:
        return None
    # a compound is the thing ("vinyl records"), in a longer name when the request writes it ("blood
    # pressure readings"), not in the name's own order ("results of the darts final" keep results);
    # a plural before the head is a possessive without its apostrophe ("the dogs weights")
    pair = words[-2:]
    written = len(words) <= 2 or re.search(
        rf"\b{re.escape(pair[0])}\s+{re.escape(naming.singularize(pair[1]))}", lowered
    )
    kept = pair if written and naming.singularize(pair[0]) == pair[0] else pair[-1:]
    return naming.identifier(naming.singularize("_".join(kept)), fallback="item")


BOOKABLE = {"rooms": "room", "courts": "court", "desks": "desk", "lessons": "lesson", "sessions": "session",
            "seats": "seat", "shifts": "shift", "cars": "car", "bikes": "bike", "boats": "boat"}  # fmt: skip
"""What a booking books, in the request's words ("reserve a room", "pick shifts") → its record."""
_BOOKABLE = re.compile(r"\b(rooms?|courts?|desks?|lessons?|sessions?|seats?|shifts?|cars?|bikes?|boats?)\b")


def booked_thing(lowered: str) -> str | None:
    """The thing a booking request books, when it names one."""
    found = _BOOKABLE.search(lowered)
    return BOOKABLE[found[1] if found[1].endswith("s") else found[1] + "s"] if found else None
