"""What the app leaves out of the request's core job, read once its things are known: a kind may
be chosen for a request that asks more of it than the kind's things hold (``fit.py`` reads the
request's asks and verbs before the things are made).

- Stages: a request that moves its things through stages or columns ("a kanban board", "update
  the status from picked up to delivered") needs a status to move along; a done flag is not one.
- Marking as: "the host marks songs as sung" needs a flag or a status to mark.
- Things listed outright ("- patients - appointments - invoices", "timesheets + rota + holiday
  requests") are the things to keep: each one the app does not keep is unmet ("keeping invoices").
- The subject: "a car rental app" made a garage by its "car" keeps no rentals; its head is unmet.
- Lists of things in prose ("a wedding planner with a guest list, a budget and a seating plan"):
  a list or plan of something ("a guest list") is a job of its own, kept only when the app keeps
  what it lists (guests) as things, not as one field of another thing.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from pipeline.artifacts import Entity
from pipeline.templates import naming
from pipeline.templates.actions import COMMON_VERBS, LIGHT, Action, base_forms
from pipeline.templates.kind_actions import does
from pipeline.templates.kind_cues import subject_span
from pipeline.templates.lead_in import after_lead_in
from pipeline.templates.registry import DEFINITIONS
from pipeline.templates.vocabulary import canonical_noun
from pipeline.templates.words import FEATURE_WORDS, SOFTWARE_WORDS

_STAGES = re.compile(
    r"\bkanban\b|\b(?:sales|hiring|recruiting|deals?|candidates?|orders?)\s+pipelines?\b|\bstatus\s+(?:flow|from)\b"
    r"|\b(?:through|across|between|along)\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?(?:stages|columns|statuses|steps)\b"
    r"|\bstages\b(?=[^.;]*\bfrom\b[^.;]*\bto\b)"
    r"|\b(?:updat|chang|mov|sett?)(?:e|es|ing)?\s+(?:the\s+|its\s+|their\s+|each\s+\w+'s\s+)?status\b"
    r"|\bcolumns\b(?=[^.;]*\b(?:to[\s-]?do|doing|done|in\s+progress|backlog)\b)"
    r"|\bmov(?:e|es|ing)\s+(?:\w+\s+){0,3}?(?:from\s+(?:\w+\s+){1,3}?)?(?:to|into)\s+"
    r"(?:\w+\s+){0,2}?(?:columns?|stages?|lanes?)\b"
)
"""Words that ask for things moved through stages, not only kept or ticked off."""
_STATUS_FIELDS = re.compile(r"(?:^|_)(?:status|stage|state|phase|column|lane|step)$")
_MARK_AS = re.compile(
    r"\bmark(?:s|ed|ing)?\s+(?P<obj>(?:[\w']+\s+){0,3}?)as\s+(?!(?:they|it|he|she|we|you|i|soon|well|much|many|"
    r"needed|required|usual|follows|necessary|appropriate|such)\b)(?P<state>[a-z]+)\b"
)
_PRONOUNS = {"them", "it", "each", "the", "every", "a", "an", "one", "those", "these", "all", "any"}
_BULLETS = re.compile(r"(?:^|\s)[-*\u2022+](?=\s)")
_PROSE_LIST = re.compile(
    r"\b(?:with|including|keeps?(?:\s+track\s+of)?|tracks?|manages?|handles?|covers?)\s+"
    r"(?P<list>[a-z' -]+?(?:\s*,\s*[a-z' -]+?)*,?\s+(?:and|&|plus)\s+[a-z' -]+?)"
    r"(?=$|[.;:!?()]|\s+(?:for|so|to|that|which|where|who|in|on|at|with|from|by)\b)"
)
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+|&\s+|plus\s+)?|\s+(?:and|&|plus)\s+")
_DETERMINERS = re.compile(r"^(?:(?:a|an|the|my|our|their|its|his|her|your|some)\s+)+")
_HOLDERS = {
    "list",
    "plan",
    "chart",
    "schedule",
    "rota",
    "register",
    "roster",
    "log",
    "tracker",
    "calendar",
    "timetable",
}
"""Heads of an item that is a job of its own: "a guest list" lists guests, "a seating plan" seats them."""
_LIST_END = re.compile(r"\s--\s|\s(?:for|with|so|to|in|at)\s|[,;:.()!?]")


def job_gaps(lowered: str, kind: str, entities: list[Entity], unmet: list[str]) -> list[str]:
    """What the app's things leave out of the request's core job, in the request's words, but
    what ``unmet`` says already; a kind whose own operations move a status (a board's answers)
    has stages of its own."""
    if _moves_status(kind):
        gaps = [
            *subject_gap(lowered, kind, entities),
            *_held_gaps(lowered, kind, entities),
            *_listed_gaps(lowered, kind, entities, unmet),
        ]
        return [gap for gap in dict.fromkeys(gaps) if gap not in unmet]
    gaps = [
        *subject_gap(lowered, kind, entities),
        *_stage_gap(lowered, entities),
        *_held_gaps(lowered, kind, entities),
        *_mark_gap(lowered, entities),
        *_listed_gaps(lowered, kind, entities, unmet),
    ]
    return [gap for gap in dict.fromkeys(gaps) if gap not in unmet]


@cache
def _moves_status(kind: str) -> bool:
    return any(
        "status" in op["summary"].lower()
        for d in DEFINITIONS
        if d.key == kind and d.blueprint
        for op in d.blueprint.operations
    )


def _has_status(entities: list[Entity]) -> bool:
    return any(_STATUS_FIELDS.search(f.name) for e in entities for f in e.fields)


def _moved(lowered: str, entities: list[Entity]) -> list[Entity]:
    """The things a request moves through stages: those it names, else those no other thing
    holds (a project's tasks are the cards, not the project)."""
    named = [
        e
        for e in entities
        if re.search(rf"\b(?:{re.escape(e.label)}|{re.escape(e.plural_label)})\b", lowered, re.IGNORECASE)
    ]
    held = {f.references for e in entities for f in e.fields if f.references}
    return named or [e for e in entities if e.name not in held] or entities


def _stage_gap(lowered: str, entities: list[Entity]) -> list[str]:
    match = _STAGES.search(lowered)
    moved = _moved(lowered, entities)
    if match is None or not entities or all(_has_status([e]) for e in moved):
        return []
    things = next(e for e in moved if not _has_status([e])).plural_label.lower()
    return [f"moving {things} through stages ({match.group().strip()}): they have no status to move along"]


def _mark_gap(lowered: str, entities: list[Entity]) -> list[str]:
    match = _MARK_AS.search(lowered)
    if (
        match is None
        or not entities
        or _has_status(entities)
        or any(f.type == "boolean" for e in entities for f in e.fields)
    ):
        return []
    what = " ".join(w for w in match["obj"].split() if w not in _PRONOUNS) or entities[0].plural_label.lower()
    return [f"marking {what} as {match['state']}"]


def listed_things(lowered: str) -> list[str]:
    """The things of a request written as a list of nouns ("- patients - invoices",
    "members + dues + events"), each cut where the list ends; [] for a request in sentences."""
    head, _, _ = lowered.partition(" -- ")
    parts = [p.strip() for p in _BULLETS.split(head) if p.strip()]
    if len(parts) < 3:
        return []
    parts[0] = parts[0].rpartition(":")[2]  # "a calculator: add + subtract": the list starts after its head
    items = [_LIST_END.split(f" {p} ", maxsplit=1)[0].strip() for p in parts]
    if not all(item and len(item.split()) <= 3 for item in items):
        return []
    return items


def _forms(word: str) -> set[str]:
    """A word's singular and the verbs it may be a form of: "watering" and "last_watered" meet at water."""
    return {naming.singularize(word), *base_forms(word)}


def _kept(item: str, entities: list[Entity]) -> bool:
    words = re.findall(r"[a-z]+", item)
    if not words:
        return True
    whole = "_".join(naming.singularize(w) for w in words)
    names = {e.name for e in entities} | {e.plural for e in entities}
    fields = {f.name for e in entities for f in e.fields}
    parts = {form for name in fields for part in name.split("_") for form in _forms(part)}
    return (
        whole in names | fields or naming.singularize(words[-1]) in names or bool(_forms(words[-1]) & parts)
    )


def _a_thing(item: str, kind: str) -> bool:
    """Whether a listed item names a thing to keep, not a feature ("search", "due dates") or
    something the app does ("add", "subtract")."""
    first = item.split()[0]
    if any(re.search(pattern, item) for pattern, _ in FEATURE_WORDS):
        return False
    return not any(does(kind, Action(form, form, "", False)) for form in base_forms(first))


def _listed_gaps(lowered: str, kind: str, entities: list[Entity], unmet: list[str]) -> list[str]:
    said = " ".join(unmet)  # "rota": an ask says it already
    return [
        f"keeping {item}"
        for item in listed_things(lowered)
        if _a_thing(item, kind)
        and not _kept(item, entities)
        and not re.search(rf"\b{re.escape(item)}\b", said)
    ]


def subject_gap(lowered: str, kind: str, entities: list[Entity]) -> list[str]:
    """The request's subject when the kind keeps another thing in its place: "a car rental app"
    made a garage by its "car", "a pub quiz host tool" a quiz by its "quiz". The kind was chosen by
    a word that qualifies the subject's head, a singular (rental, host) that is none of the app's things,
    no cue of the kind, no word of its operations, and the noun of a verb the kind does not do."""
    words = _subject_words(lowered)
    if kind == "generic" or not entities or len(words) < 2 or naming.singularize(words[-1]) != words[-1]:
        return []  # a plural head names the records kept ("my dog's vet appointments"), not the app
    *qualifiers, head = words
    single = naming.singularize(head)
    names = {e.name for e in entities}
    kept = {part for name in names for part in name.split("_")} | _kind_words(kind) | {kind}
    if _cued(head, kind) or not _cued(" ".join(qualifiers), kind):
        return []
    noun = canonical_noun(single)
    verbs = {
        form[: len(form) - len(end)] for form in base_forms(single) for end in _NOMINAL if form.endswith(end)
    }
    if single in kept or (noun and noun in names) or _forms(single) & kept:
        return []
    acts = {
        v for v in {single, *verbs} if v in COMMON_VERBS
    }  # a rental rents, a host hosts; a festival does not
    if not acts or any(v in LIGHT or does(kind, Action(v, v, "", False)) for v in acts):
        return []
    things = " and ".join(e.plural_label.lower() for e in entities)
    return [f"the {' '.join(words)} itself: the app keeps {things} in its place"]


_NOMINAL = ("al", "ment", "er", "ion", "ing", "")
"""Endings that make a noun of a verb: a rental rents, a host hosts, a booking books."""
_SUBJECT_ENDS = {"for", "with", "that", "where", "which", "who", "whose", "to", "in", "on", "at", "so", "and",
                 "or", "of", "by", "from", "is", "are", "against", "through", "every", "each", "can", "want", "off",
                 "people", "users", "i", "we", "you", "they", "everyone", "like", "about", "as", "but"}  # fmt: skip
"""Words that end a subject's noun compound: prepositions, clauses and their subjects."""
_DETERMINER_WORDS = {"a", "an", "the", "my", "our", "your", "their", "this", "simple", "small", "basic", "new",
                     "online", "little", "quick"}  # fmt: skip
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def _subject_words(lowered: str) -> list[str]:
    """The words of the request's subject, a noun compound before its first clause or
    preposition, without the app words after it: "a pub quiz host tool: …" → pub, quiz, host;
    [] when it is longer than three words (a sentence, not a compound)."""
    start, end = subject_span(lowered)
    words = list(
        itertools.takewhile(
            lambda w: _WORD.fullmatch(w) is not None and w not in _SUBJECT_ENDS,
            (w for w in after_lead_in(lowered[start:end]).split() if w not in _DETERMINER_WORDS),
        )
    )
    while words and words[-1] in SOFTWARE_WORDS:
        words.pop()
    return words if len(words) <= 3 else []


def _cued(words: str, kind: str) -> bool:
    return bool(words) and any(
        re.search(cue.pattern, form)
        for d in DEFINITIONS
        if d.key == kind
        for cue in d.cues
        for form in {words, naming.pluralize(words)}
    )


def prose_things(lowered: str) -> list[str]:
    """The items of a request's lists in prose ("with a guest list, a budget and a seating
    plan" → "guest list", "budget", "seating plan"), each of one to three words; [] for none."""
    found: list[str] = []
    for match in _PROSE_LIST.finditer(lowered):
        items = [_DETERMINERS.sub("", item.strip()) for item in _ITEM_SPLIT.split(match["list"])]
        if len(items) >= 2 and all(item and len(item.split()) <= 3 for item in items):
            found += items
    return found


@cache
def _kind_words(kind: str) -> frozenset[str]:
    """The words of a kind's operations ("Best balances", "/api/blackjack/leaderboard")."""
    return frozenset(
        naming.singularize(word)
        for d in DEFINITIONS
        if d.key == kind and d.blueprint
        for op in d.blueprint.operations
        for word in re.findall(r"[a-z]+", f"{op['summary']} {op['path']}".lower())
    )


_KEPT_AS = {"score": "leaderboard"}
"""What a kind's operations call a list of a thing: a list of high scores is a leaderboard."""


def _held_gaps(lowered: str, kind: str, entities: list[Entity]) -> list[str]:
    """The lists and plans of a request's prose lists whose things the app does not keep, as
    things of their own or in the kind's own operations (a game's leaderboard keeps its scores)."""
    names = {e.name for e in entities} | _kind_words(kind)
    gaps = []
    for item in prose_things(lowered):
        *held, head = item.split()
        if head not in _HOLDERS or not held:
            continue
        forms = _forms(held[-1])
        if (
            not any(forms & {name, *name.split("_")} for name in names)
            and _KEPT_AS.get(held[-1], "") not in names
        ):
            gaps.append(f"keeping a {item}")
    return gaps
