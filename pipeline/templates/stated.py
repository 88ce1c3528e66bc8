"""Things a request names with their fields outright: "a birdwatching log where each sighting has
a species, a place and a date" is sightings with exactly those three fields, whatever else the
request's words would suggest; and details listed for a thing in the other ways people write it
("a tracker for the plants in my flat, with watering date, light and pot size", "…including A,
B and C", "that records A, B and C", "where I can note A, B and C", "my swims: pool, lengths
and time", "(A, B, C)"). Whether a "with …" is said of the app's thing at all is read here too."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from pipeline.artifacts import Entity, EntityField
from pipeline.templates import naming
from pipeline.templates.fields import entity_of, infer_type, question_field
from pipeline.templates.kept_things import generic_entity_name, thing_or_kept
from pipeline.templates.kind_cues import match_kind
from pipeline.templates.phrases import list_part
from pipeline.templates.registry import BLUEPRINTS
from pipeline.templates.vocabulary import Kind, canonical_noun, parse_field
from pipeline.templates.words import APP_WORDS, FIELD_WORDS, NOT_FIELDS, STOP

EACH_HAS = re.compile(
    r"\b(?:each|every)\s+(?P<thing>[a-z]+(?:\s+(?!(?:should|must|will|would|can|needs?)\b)[a-z]+)?)"
    r"(?:\s+(?:in|of|on|from|at)\s+[a-z' ]+?)?\s+"
    r"(?:has|have|(?:should|must|will|would|can)\s+have|needs?|contains?|includes?|records?|keeps?|stores?)"
    r"(?:\s+the\s+following(?:\s+fields)?)?(?:\s*:\s*|\s+)(?P<fields>[^.;!?]+)"
)
LISTED = re.compile(
    r"(?:\s*,)?\s+(?P<how>with(?:\s+(?:things|details|fields)\s+(?:like|such\s+as))?|including|like|such\s+as"
    r"|(?:that|which|to)\s+(?:records?|tracks?|stores?|keeps?|logs?|notes?|remembers?|saves?|holds?)(?:\s+down)?"
    r"|where\s+(?:i|we|you|they|people|users)\s+(?:can\s+)?(?:note|record|log|track|write|jot|keep|enter|add|store|save|put)"
    r"(?:\s+down)?|noting(?:\s+down)?|recording)\s+(?=(?P<fields>[^.;!?():]+))"
    r"|\s*(?P<mark>:|\()\s*(?=(?P<marked>[^.;!?():]+))"
)
"""Where a request lists a thing's details: "…with A, B and C", "…, including A and B", "that
records A, B and C", "where I can note A and B", "my swims: A, B and C", "plants (A, B, C)"."""
_KEEPERS = {"app", "website", "site", "place", "system", "software", "tool", "page", "program", "database",
            "spreadsheet", "tracker", "log", "list", "diary", "journal", "manager",
            "planner", "organizer", "organiser", "catalog", "catalogue", "book", "hub", "notebook", "box",
            "collection", "cellar", "pantry", "wardrobe", "closet", "archive"}  # fmt: skip
"""What keeps things rather than being one: "a book tracker with…" lists the books' details."""
_COMPOUND_KEEPERS = {"book", "box", "collection", "hub", "cellar", "pantry", "wardrobe", "closet", "archive"}
"""Keeping words only after what they keep ("a recipe box", "a reading book", "a wine cellar"): "a
book with its condition and price" is a book."""
_KEEPER_NOUN = re.compile(
    rf"(?:^|(?<=[.;!?]\s)|\b(?:a|an|the|my|our|your|their)\s+)(?:[a-z'-]+\s+){{0,2}}?({'|'.join(sorted(_KEEPERS))})(?=\s+(?:for|of)\b)"
)
"""A keeping word used as a noun for the things it keeps ("a journal for my runs"), not a verb
("sellers list a book") nor the head of a kind's name ("a wedding planner with…")."""
_SCRAPS = {"stuff", "things", "everything", "items", "bits", "details", "info", "information"}
_SUBJECTS = {"i", "we", "you", "they", "he", "she", "people", "users"}
_AFTER_THING = re.compile(
    r"\s+(?:in|at|on|near|around|across|from|inside|under)\s+(?:[a-z']+\s+){0,3}[a-z']+$"
)
_KEEPING = re.compile(
    r"\b(?:log|logs|logging|track|tracks|tracking|records?|recording|keep|keeps|keeping|store|stores|save"
    r"|saves|note|notes|noting|report|reports|list|lists|catalog(?:ue)?s?|collect|collects|rate|rates|enter"
    r"|write|jot|remembers?|manage|manages|organi[sz]e|organi[sz]es|add|adds|tracker|diary|journal|manager"
    r"|planner|organi[sz]er|notebook|box|collection|database|spreadsheet|inventory|register"
    r"|cellar|pantry|wardrobe|closet|archive)\b"
)
"""A list is of a kept thing's details only where the request keeps things ("a sudoku game with a
timer and hints" lists what the game has, not a record's details)."""
_QUESTION = re.compile(r"\b(?:who|whom|what|when|where|which|how|why)\b")
_EXAMPLES = re.compile(r",\s*(?:like|such\s+as|including|e\.?g\.?)\s+[^,]*(?:,[^,]*)*$")
_ARTICLES = {"a", "an", "the", "its", "their", "his", "her", "my", "our", "your", "some", "any"}
_WHETHER = re.compile(
    r"^whether\s+(?:i|we|you|they|it|he|she)(?:'(?:ve|d|ll|m|re|s))?\s+(?:(?:have|has|had|was|were|is|are|am)\s+)?(\w+)"
)


def stated_entities(lowered: str) -> list[Entity]:
    """The things stated with their fields, each with exactly the fields named (two or more)."""
    return _stated(EACH_HAS.finditer(lowered))


def listed_entities(lowered: str) -> list[tuple[Entity, list[tuple[int, int]]]]:
    """Things whose details the request lists, in any of the ways people write it (see
    ``LISTED``), each with exactly those details and where they were listed. A list counts when
    it is said of a thing kept ("a book tracker with…", "log my runs with…"), has two or more
    items, each a noun phrase and not mostly plurals ("with hives and inspections", "like
    appliances and laptops" name things), none asking a question ("who checked what")."""
    found: dict[str, tuple[Entity, list[tuple[int, int]]]] = {}
    for match in LISTED.finditer(lowered):
        before = lowered[: match.start()]
        things = _things_before(before)
        chunk = match["fields"] or match["marked"]
        if match["mark"] == "(":  # "(A, B, C)": a closed one, or one the request ends with
            rest = lowered[match.end() :]
            closed = rest.split(")", 1)
            chunk = closed[0] if len(closed) == 2 or not re.search(r"[.;!?]", rest) else ""
        listed = list_part(chunk)
        items = [i.strip() for i in re.split(r",|\band\b|\bplus\b|&|/", listed) if i.strip()]
        verb = match["how"] is not None and match["how"].startswith(
            ("that", "which", "to", "where", "noting")
        )
        if (
            things is None
            or (
                verb and (things == [""] or re.match(r"(?:my|our|your|their|his|her)\b", listed))
            )  # "keeps my chores"
            or not (
                _KEEPING.search(f"{re.split(r'[.;!?]', before)[-1]} {match['how']}")
                or _sells(match_kind(re.split(r"[.;!?]", before)[-1]))
            )  # a request that keeps things: by a word for keeping, or a shop's stock
            or len(items) < 2
            or _mostly_plural(items)
            or any(
                _QUESTION.search(i) and _phrase(i) not in FIELD_WORDS and not question_field(i) for i in items
            )
        ):
            continue
        fields = [f for f in (_field(item) for item in items) if f is not None]
        if len(fields) < len(items) or len({f.name for f in fields}) < len(fields):
            continue
        start = max(before.rfind(c) for c in ".;!?") + 1  # and the app's word for itself, said here
        spans, at = [], match.end() + chunk.find(listed)
        for item in items:  # a detail's word ("the shop") is not the kind asked for; things ("RSVPs") may be
            at = lowered.find(item, at)
            spans += [] if _plural(item) else [(at, at + len(item))]
            at += len(item)
        spans += [m.span(1) for m in _KEEPER_NOUN.finditer(lowered, start, match.start())]
        for thing in things:
            name = thing or thing_or_kept(generic_entity_name(before), before)
            if name not in found:  # each its own copy of the fields
                found[name] = (_entity(name, [f.model_copy() for f in fields]), spans)
    for thing, fields, spans in _fronted(lowered):
        found.setdefault(thing, (_entity(thing, fields), spans))
    return list(found.values())


_FRONTED = re.compile(
    r"(?:^|(?<=[.;!?])\s*|\b(?:to|and|i|we|can|could|will|would|should|where)\s+)"
    r"(?:note|record|log|track|keep|write|jot|save|store)(?:\s+(?:down|track\s+of))?\s+(?P<rest>[^.;!?]+)"
)
_FRONTED_THING = re.compile(
    r"^(?P<fields>.+)\s+(?:for|of|about|on)\s+(?:(?:each|every|all|the|my|our|your)\s+)*(?P<thing>[a-z' -]+)$"
)


def _fronted(lowered: str) -> Iterator[tuple[str, list[EntityField], list[tuple[int, int]]]]:
    """A list said before its thing: "note down the title, the director and my rating for films I
    watch" keeps films with those three details (the thing plural, at most three words, before
    any clause of its own: "I watch")."""
    for match in _FRONTED.finditer(lowered):
        split = _FRONTED_THING.match(match["rest"].strip())
        if split is None:
            continue
        words = split["thing"].split()
        cut = next((i for i, w in enumerate(words) if w in _SUBJECTS or w in STOP), len(words))
        words = words[:cut]
        listed = split["fields"]
        items = [i.strip() for i in re.split(r",|\band\b|\bplus\b|&", listed) if i.strip()]
        if not 1 <= len(words) <= 3 or not _plural(words[-1]) or len(items) < 2 or _mostly_plural(items):
            continue
        fields = [f for f in (_field(item) for item in items) if f is not None]
        if len(fields) < len(items) or len({f.name for f in fields}) < len(fields):
            continue
        at, spans = match.start("rest"), []
        for item in items:
            at = lowered.find(item, at)
            spans.append((at, at + len(item)))
            at += len(item)
        yield (
            naming.identifier(naming.singularize(naming.snake(" ".join(words))), fallback="item"),
            fields,
            spans,
        )


def own_details(
    listed: list[Entity], entities: dict[str, Entity], extra: dict[str, list[EntityField]], kind: Kind | None
) -> list[Entity]:
    """The details listed for things ``entities`` already has (a kind's own plants, "with watering
    date, light and pot size") go to ``extra`` (merged later, as "plants have…" are, never made
    required); when none is one of those, the kind's main thing is what they are ("bikes in our
    shop, with frame size…" are its products, "my runs" a workout log's workouts); with no kind's things (``entities`` empty) the
    things listed, to be kept with exactly their details."""
    owned = [(_owner(t.name, entities), t) for t in listed]
    if not entities:
        return listed
    if not any(owner in entities for owner, _ in owned) and _main_thing(kind, listed):
        owned = [(next(iter(entities)), t) for t in listed]  # "bikes in our shop": its products
    for owner, thing in owned:
        if owner in entities:
            extra.setdefault(owner, []).extend(f.model_copy(update={"required": False}) for f in thing.fields)
    return []


def asked_beside(body: str, spans: list[tuple[int, int]], key: str) -> bool:
    """Whether the kind ``key`` is asked for outside the details listed at ``spans`` (with the word
    the app calls itself by beside them): "a journal for my runs where I record distance, pace and
    route" asks for runs, not journal entries; "warranties with the shop and the expiry date" for
    no shop."""
    blanked = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(body))
    whole, rest = match_kind(body), match_kind(blanked)
    return whole is None or whole.key != key or (rest is not None and rest.key == key)


def _owner(name: str, entities: Container[str]) -> str:
    """Which of ``entities`` a thing listed is: "daily_task" is a todo list's todo."""
    for candidate in (name, name.split("_")[-1]):
        if (noun := canonical_noun(candidate)) in entities:
            return noun or name
    return name


def _things_before(before: str) -> list[str] | None:
    """The things the details after ``before`` are of ("report potholes and broken streetlights
    with…": both): [""] for the app's own thing ("an app with…"), None when they are said of no
    thing ("share it with…")."""
    before = re.split(r"[.;!?:(]", before)[-1]
    before = _EXAMPLES.sub("", before).rstrip(" ,")  # "stuff I buy, like appliances and laptops"
    words = naming.ascii_words(before)
    if len(words) >= 2 and words[-2] in _SUBJECTS:  # "the cars I service", "films we watch"
        words = words[:-2]
    trimmed = _AFTER_THING.sub("", " ".join(words))  # "the plants in my flat"
    words = trimmed.split() or words
    if words and words[-1] in _SCRAPS and len(words) > 2 and words[-2] in ("for", "of"):
        words = words[:-2]  # "warranties for stuff I buy"
    if not words:
        return [""]
    head = words[-1]
    if head in _NOT_THINGS or head in _SUBJECTS or head in _SCRAPS:  # "things like…": examples
        return None
    compound = head in _COMPOUND_KEEPERS and (len(words) < 2 or words[-2] in STOP)  # "a book with…"
    if (head in _KEEPERS or head in APP_WORDS) and not compound:  # "a book tracker", "an app"
        words = words[:-1]
        if not words or words[-1] in STOP:
            return [""]
    things: list[str] = []
    while words and words[-1] not in STOP:
        size = 1  # "my bakery orders", "report broken street lights": up to a verb, at most three words
        while (
            size < min(3, len(words))
            and words[-size - 1] not in STOP
            and not _KEEPING.fullmatch(words[-size - 1])
        ):
            size += 1
        things.insert(
            0, naming.identifier(naming.singularize(naming.snake(" ".join(words[-size:]))), fallback="item")
        )
        words = words[:-size]
        if len(words) < 2 or words[-1] not in ("and", "or"):
            break
        words = words[:-1]  # "potholes and broken streetlights": each
    return things or None


def _mostly_plural(items: list[str]) -> bool:
    return sum(map(_plural, items)) * 2 > len(items)


def _plural(item: str) -> bool:
    """Whether ``item`` names things ("hives", "RSVPs") rather than a detail ("ingredients" is one)."""
    last = naming.ascii_words(item)[-1:]
    return bool(last) and last[0] not in FIELD_WORDS and naming.singularize(last[0]) != last[0]


def _entity(name: str, fields: list[EntityField]) -> Entity:
    fields[0].required = True
    title = next((f.name for f in fields if f.type in ("string", "text")), fields[0].name)
    return entity_of(name, fields, title)


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
        found.append(_entity(name, fields))
    return found


def _field(item: str) -> EntityField | None:
    """One field as the request words it: "a dose number", "whether I sent it" (a yes or no),
    "a quality score from 1 to 5" (a number), "how hard it was" (``fields.question_field``)."""
    if asked := question_field(item):
        return asked
    if whether := _WHETHER.match(item):
        name = naming.identifier(whether[1], fallback="field")
        return EntityField(name=name, type="boolean", label=naming.label(name))
    phrase = _phrase(item)
    if not phrase or len(phrase.split()) > 4 or phrase in NOT_FIELDS:  # "with a cart and checkout"
        return None
    if phrase in FIELD_WORDS:
        return parse_field(FIELD_WORDS[phrase])
    name = naming.identifier(phrase, fallback="field")  # "date" is taken: date_field, labelled "Date"
    return EntityField(
        name=name, type=infer_type(naming.snake(phrase)), label=naming.label(naming.snake(phrase))
    )


_NOT_THINGS = {
    "who",
    "whom",
    "it",
    "them",
    "me",
    "us",
    "you",
    "him",
    "her",
    "one",
    "out",
    "up",
    "off",
    "in",
    "on",
}
"""Pronouns and particles: "with …" after them is said of a verb, never of the app's thing."""


def _sells(kind: Kind | None) -> bool:
    """A kind whose rules read the things it keeps (a shop's products): what it sells is them."""
    blueprint = BLUEPRINTS.get(kind.key) if kind else None
    return blueprint is not None and bool(blueprint.needs) and kind is not None and kind.key != "site"


def _main_thing(kind: Kind | None, listed: list[Entity]) -> bool:
    """Whether the things listed are the kind's main thing by another name: what a shop sells,
    or things whose name asks for the kind ("my runs", "my climbs" are a workout log's)."""
    if kind is None:
        return False
    return _sells(kind) or all(
        (found := match_kind(f"my {naming.pluralize(t.name).replace('_', ' ')}")) is not None
        and found.key == kind.key
        for t in listed
    )


def takes_details(kind: Kind | None) -> bool:
    """Whether a kind's things are plain data that take the details a request lists for them: a
    kind with no rules of its own, or one whose rules only read its things' fields (a shop's
    products keep their price and stock beside a bike's frame size); not a game, a poll or a chat
    (their rules make their things), nor a site (its words are its sections)."""
    if kind is None:
        return False
    blueprint = BLUEPRINTS.get(kind.key)
    return blueprint is None or (bool(blueprint.needs) and kind.key != "site")


def makes_own_things(kind: Kind | None) -> bool:
    """A kind whose rules make its things (a game's players and scores, a poll's options, a chat's
    messages): the request's words describe them, never add to them. Booking is not one: what
    is booked is the request's own ("desks", "courts")."""
    return kind is not None and kind.key in BLUEPRINTS and kind.key != "booking"


def said_of_app(before: str, primary: str | None, kind: Kind | None) -> bool:
    """Whether "with …" after ``before`` is said of the app or of its main thing ("an expense
    tracker with…", "employee records with…"), not of another noun ("records exercises with
    sets", "a poll with options"); a kind with its own rules (a game, a poll) keeps its things."""
    if makes_own_things(kind):
        return False
    words = naming.ascii_words(before)[-2:]
    if not words:
        return True
    head = words[-1]
    if head in _NOT_THINGS:  # "works out who owes whom with the fewest payments"
        return False
    noun = canonical_noun(naming.snake(head))
    if head in APP_WORDS or head in ("record", "records", "entries"):  # "employee records with…"
        return canonical_noun(naming.snake(words[0])) == primary or noun is None
    return noun is None or noun == primary  # a word we do not know as a thing: the app's


def _phrase(item: str) -> str:
    """An item's words without the articles before it or what a preposition adds after it."""
    words = naming.ascii_words(
        re.split(r"(?<![\w-])(?:from|between|out\s+of|in|with|like|such\s+as)(?![\w-])", item)[0]
    )
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)
