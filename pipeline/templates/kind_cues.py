"""Which kind of app a request is about, by cues scored over the whole request: its subject
counts most, what a website lets people do counts more than whose website it is, and a word in
passing ("a background database", "an inventory of moves") makes no kind."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.templates.fit import core_ask_in
from pipeline.templates.lead_in import LEAD_IN
from pipeline.templates.registry import BLUEPRINTS, KINDS
from pipeline.templates.vocabulary import Kind
from pipeline.templates.words import APP_WORDS, COLLECTIVE, FIELD_WORDS, STOP


def match_kind(lowered: str) -> Kind | None:
    """The kind the request is about, by cues scored over the whole request (``kind_scores``)."""
    scores = kind_scores(lowered)
    if not scores:
        return None
    start, end = subject_span(lowered)
    best = scores[0][1]
    # a cue that starts in the subject counts there, though it reads on past it ("tutors post … and apply")
    if (
        core_ask_in(lowered, start, end)
        and not any(start <= m.start() < end for m in re.finditer(best.pattern, lowered))
        and not (best.key == "board" and _TWO_SIDED.search(lowered))
    ):
        return None  # "a sudoku game with a timer": a game we have no rules for, not a timer
    return best


def kind_scores(lowered: str) -> list[tuple[float, Kind]]:
    """Every kind the request names, best first, with its score: a cue in the request's subject
    ("a *dental clinic* where patients book appointments") counts three times one in passing, a
    kind with rules of its own (a game, a booking) wins a tie, a cue that only qualifies another
    word ("a background database", "an inventory of moves", "a *school's* auction", "*pet*
    owners") counts little, whose app it is ("a practice log for *music students*") counts as in
    passing, and a website for a business is a brochure only when no kind with rules of its own
    is asked for. A kind named once in passing, by a noun alone, makes no app: the subject or the
    main verb decides."""
    start, end = subject_span(lowered)
    site_for = bool(_SITE_FOR.search(lowered[:end]))
    whose = [_whose_span(lowered, start, end), _actor_span(lowered, end)]
    sections = _sections(lowered)
    heads = _cue_starts(lowered)
    asking = _asking_cue(lowered)
    found: list[tuple[float, int, int, Kind]] = []
    for order, kind in enumerate(KINDS):
        score, first, named = 0.0, len(lowered), False
        rules = kind.key in BLUEPRINTS
        for match in re.finditer(kind.pattern, lowered):
            in_subject = match.start() < end and match.end() > start
            if in_subject and any(lo <= match.start() < hi for lo, hi in whose):
                in_subject = False  # "a practice log for music students": whose log, not what it keeps
            # "a website for a café that lets people reserve tables": whose site, not what it does
            weight = 1.0 if not in_subject or (site_for and not rules) else 3.0
            if (
                _qualifies_another(lowered, match)
                or _modifies_a_cue(lowered, match, heads, kind.key)
                or sections[0] <= match.start() < sections[1]
            ):
                weight, in_subject = 0.25, False
            # a kind with rules asked by its verb ("owners book a sitter"), not a noun in passing ("how the vote went")
            asked = rules and (
                in_subject or not _DETERMINER.search(lowered[max(0, match.start() - 8) : match.start()])
            )
            score += weight + (0.5 if asked else 0.0)
            named = (
                named or in_subject or _kept(lowered, match, end) or asking[0] <= match.start() < asking[1]
            )
            first = min(first, match.start())
        if kind.key == "site" and sections[1]:  # "a website for a taproom with the beers on tap"
            score, named, first = score + 3.5, True, min(first, sections[0])
        two_sided = _TWO_SIDED.search(lowered) if kind.key == "board" else None
        if two_sided:  # the main verbs: "clients post jobs and freelancers bid"
            score, named, first = score + 4.5, True, min(first, two_sided.start())
        # a cue only in passing ("an inventory of moves", "referees enter goals") makes no kind
        if score >= 1 and (named or score >= 1.5):
            found.append((score, first, order, kind))
    if any(f[3].key in BLUEPRINTS and f[3].key != "site" for f in found):
        found = [f for f in found if f[3].key != "site"]
    found.sort(key=lambda f: (-f[0], f[2], f[3]))  # a tie goes to the kind named first
    return [(f[0], f[3]) for f in found]


_SHOWCASE = re.compile(
    r"\b(?:web\s*)?site\s+for\s+(?:an?|my|our|the)\s+"
    r"(?P<whose>(?:(?!\b(?:where|to|so|that|which|who|with)\b)[^.;,:])*?)\s+"
    r"(?P<verb>(?:that|which)\s+(?:shows?|displays?|presents?|introduces?|describes?)|with)\s+"
    r"(?P<shown>[^.;]*)"
)
_SITE_FOR = re.compile(r"\b(?:web\s*)?site\s+for\s+(?:an?|my|our|the)\b")
_FOR = re.compile(r"\s+for\s+")
_AT = re.compile(r"\bat\s+(?=(?:our|my|the|a|an|your|their)\s)")
_OWN = re.compile(r"(?:my|our|your)\b")  # "a watering log for my plants": what it keeps, not whose
# what names no thing of its own before "for": a container ("software", "website"), an app word
_NOT_A_THING = STOP | APP_WORDS | {"software", "program", "page", "portal", "service", "solution", "simple"}
# a noun of people ("owners", "students", "sitters") or a gerund that closes the phrase ("sitting:")
_QUALIFIED_HEAD = re.compile(r"\s+[a-z]+(?:er|or|ist|ian)s\b|\s+[a-z]{3,}ing\s*[:;,.!?]")
# two sides: some post or offer, others answer ("clients post jobs and freelancers bid"); a plural of
# people names each side ("drivers", "handymen", "others")
_SIDE = r"\b[a-z]+(?:s|men|people|ren)\s+(?:can\s+)?"
_TWO_SIDED = re.compile(
    _SIDE + r"(?:post|list|advertise|offer|publish|put\s+up)\s+(?:[\w'-]+\s+){0,6}?[\w'-]+"
    r"[^.;]*?(?:,|;|\band\b)\s*(?:the\s+)?(?:" + _SIDE + r"|others\s+|other\s+[a-z]+\s+)"
    r"(?:[a-z]+\s+and\s+)?(?:apply|bid|request|ask\s+for|make\s+(?:an\s+)?offers?|send\s+(?:an?\s+)?offers?|"
    r"sign\s+up|order|volunteer)\b"
    r"|\b(?:browse|see|view)\b[^.;]*?\band\s+apply\b"
    r"|" + _SIDE + r"(?:post|list|advertise|publish)\b[^.;]*?\band\s+(?:then\s+)?"
    r"(?:choose|pick|accept|hire)\s+(?:one|an?|the)\b"
)
_DETERMINER = re.compile(r"\b(?:a|an|the|its|their|his|her|my|our|your)\s+$")
# the object of a keeping verb, or an item of its list: "keeps vaccination dates and *vet* visits"
_KEEPING = re.compile(
    r"\b(?:each|every)\s+$|\b(?:records?|tracks?|logs?|keeps?(?:\s+track\s+of|\s+tabs\s+on|\s+an?\s+eye\s+on)?|stores?|manages?|saves?)\s+"
    r"(?:[^.;:!?]*?(?:,\s*|\s+and\s+))?"
    r"(?:(?:every|each|all|the|my|your|their|our|its|of)\s+)*(?:(?!for\b|to\b|with\b|in\b|on\b|at\b|before\b|after\b)[a-z'-]+\s+)?$"
)
_ACTOR = re.compile(
    r"\b(?:allows?|lets?|helps?|enables?)\s+((?:an?|the|my|our)\s+(?:[\w'-]+\s+){0,3}?[\w'-]*[^s\W]\s+)to\s"
)
_WITH = re.compile(r"\s*with\s+")
_CLAUSE_NOT_LIST = re.compile(r"\b(?:that|which|where|who|so|using|to)\b|[.;:!?(]")  # a list's commas go on
_IN_PASSING = re.compile(r"\b(?:a|the|in\s+the)\s+background\s+$|\bbackground\s+$")


def subject_span(lowered: str) -> tuple[int, int]:
    """Where the request's subject stands: from its start (what it asks for: "a booking system
    for meeting rooms") to its first clause ("where", "that", a comma) after the words that ask,
    and after "allows users to" in a software description."""
    cut = _CLAUSE.search(lowered, _asked_from(lowered))
    return 0, cut.start() if cut and cut.start() > 0 else len(lowered)


def _sections(lowered: str) -> tuple[int, int]:
    """What a website for a business shows, when that is all it does: "a website for a tutoring
    centre that *shows its subjects, tutors and opening hours*", "a website for a taproom *with
    the beers on tap*". Not when whose site it is names a kind ("a website for a dental clinic"),
    nor when what it has is a kind with rules ("with online booking")."""
    site = _SHOWCASE.search(lowered)
    if site is None or _names_a_kind(lowered, *site.span("whose"), lambda key: key != "site"):
        return 0, 0
    if site["verb"] == "with" and _names_a_kind(lowered, *site.span("shown"), lambda key: key in BLUEPRINTS):
        return 0, 0
    return site.start("shown"), site.end("shown")


def _asked_from(lowered: str) -> int:
    """Where the words that ask ("please build a website for", "allows users to") end."""
    lead = LEAD_IN.match(lowered)
    after = lead.end() if lead else 0
    enabler = _ENABLER.match(lowered, after)
    return enabler.end() if enabler else after


def _asking_cue(lowered: str) -> tuple[int, int]:
    """The words that ask when they name a kind themselves: "*remind me* to take my pills" is a
    reminder list, unless what follows names a kind of its own ("remind me to water my plants")."""
    lead = LEAD_IN.match(lowered)
    after = lead.end() if lead else 0
    asking = _REMIND.match(lowered, after)
    return asking.span() if asking else (0, 0)


def _whose_span(lowered: str, start: int, end: int) -> tuple[int, int]:
    """The part of the subject that says whose app it is: "a practice log *for music students*",
    "rota software *for a café*". Only when a thing of its own comes before "for": in "a website
    for a dental clinic" or "a tracker for my workouts" what follows "for" is the subject, and in
    "watering reminders for the plants" what follows is what the head keeps."""
    asked = max(start, _asked_from(lowered))
    before = _FOR.search(lowered, asked, end)
    place = _AT.search(lowered, asked, end)
    if place is not None and (before is None or place.start() < before.start()):
        return place.end(), end  # "the lost property *at our school*": where it is kept, not what
    if before is None:
        return 0, 0
    head = lowered[asked : before.start()]
    named = [w for w in re.findall(r"[a-z][a-z'-]*", head) if w not in _NOT_A_THING]
    if named and _names_a_kind(lowered, asked, before.start(), bool, holders=False):
        return before.end(), end  # "an expense tracker for business trips": what it is for
    if not named or _OWN.match(lowered, before.end()) or _names_a_kind(lowered, asked, before.start(), bool):
        return 0, 0  # "reminders for the plants", "a log for my plants": what the head keeps
    return before.end(), end  # "a practice log for music students", "rota software for a café"


def _actor_span(lowered: str, end: int) -> tuple[int, int]:
    """Who is let do things, when the subject stops there: "software that allows *a gym* to manage
    members" is a gym's software for members, not a workout log. One customer (a singular), not
    the people who use it ("allows employees to request time off")."""
    actor = _ACTOR.search(lowered)
    return actor.span(1) if actor and actor.start(1) < end else (0, 0)


def _kept(lowered: str, match: re.Match[str], end: int) -> bool:
    """Whether a cue in passing is still what the app keeps: the object of a keeping verb ("it
    records every expense", "each song has a key") or the means right after the subject ("learn
    words *with flash cards*"), though not a field of its things ("a reading list with ratings
    and *notes*")."""
    at = match.start()
    if _KEEPING.search(lowered[max(0, at - 60) : at]):
        return True
    with_phrase = _WITH.match(lowered, end)
    return (
        with_phrase is not None
        and at >= end
        and match.group() not in FIELD_WORDS
        and not _CLAUSE_NOT_LIST.search(lowered, with_phrase.end(), at)
    )


def _names_a_kind(
    lowered: str, start: int, end: int, which: Callable[[str], bool], *, holders: bool = True
) -> bool:
    """Whether a cue of one of ``which`` kinds stands between ``start`` and ``end``, not only
    qualifying the word after it ("a *tutoring* centre"); with ``holders`` false, not a word that
    only holds what it is of ("watering *reminders*", "a *log*")."""
    return any(
        start <= m.start()
        and m.end() <= end
        and not _qualifies_another(lowered, m)
        and (holders or not _HOLDER.match(lowered, m.start()))
        for kind in KINDS
        if which(kind.key)
        for m in re.finditer(kind.pattern, lowered[:end])
    )


def _cue_starts(lowered: str) -> dict[int, list[tuple[str, re.Match[str]]]]:
    """Where each kind's cues start: the kinds named at each position, with their words."""
    starts: dict[int, list[tuple[str, re.Match[str]]]] = {}
    for kind in KINDS:
        for match in re.finditer(kind.pattern, lowered):
            starts.setdefault(match.start(), []).append((kind.key, match))
    return starts


# a noun between a modifier and its head: "a *fitness* class *booking* page"
_SPACE = re.compile(r"[\s-]+")
_WORD = re.compile(r"([a-z]+)[\s-]+")
# a head that only holds what its modifier names: a *film* diary keeps films, a *vet* appointment is a pet's
_HOLDER = re.compile(r"(?:diar(?:y|ies)|journals?|logs?|calendars?|appointments?|notes?|reminders?|lists?)\b")
_LINKS = {"as", "at", "if", "is", "so", "than", "then", "when", "while", "whose", "this", "its", "them"}


def _modifies_a_cue(
    lowered: str, match: re.Match[str], heads: dict[int, list[tuple[str, re.Match[str]]]], key: str
) -> bool:
    """Whether a cue is a noun that only modifies another kind's cue after it in one compound: a
    *travel* blog, a *fitness* class booking page, a *recipe* cost calculator. The last noun of a
    compound is its head, unless the head only holds what the modifier names (a film *diary*, a
    vet *appointment*) or qualifies a word of its own. A plural ("students book rooms") or a
    gerund ("a booking calendar") is no such modifier."""
    word = match.group().strip()
    if (
        not re.fullmatch(r"[a-z]+", word)
        or word.endswith("ing")
        or (word.endswith("s") and not word.endswith("ss"))
    ):
        return False
    space = _SPACE.match(lowered, match.end())
    if space is None:
        return False
    heads_at = [space.end()]
    between = _WORD.match(lowered, space.end())  # "a fitness *class* booking page"
    if between is not None and between[1] not in STOP | _LINKS:
        heads_at.append(between.end())
    return any(
        other != key and not _HOLDER.match(lowered, at) and not _qualifies_another(lowered, head)
        for at in heads_at
        for other, head in heads.get(at, ())
    )  # "a *pet* hotel's guest records": the hotel only qualifies the records, the pets are kept


def _qualifies_another(lowered: str, match: re.Match[str]) -> bool:
    """Whether a cue only qualifies the word after it: "a *background* database", "an
    *inventory* of moves", "our *school's* auction", "a *meeting*-minutes tool", "*pet* owners",
    "*music* students", "*pet* sitting:", "a *tutoring* centre". A singular noun before a noun of
    people or a noun that closes the phrase is that noun's qualifier; a plural ("students book
    rooms") or a verb ("for booking appointments") is not."""
    before, after = lowered[max(0, match.start() - 14) : match.start()], lowered[match.end() :]
    last = match.group().split()[-1] if match.group().split() else ""
    if _IN_PASSING.search(before) or (last in COLLECTIVE and re.match(r"\s+of\b", after)):
        return True
    compound = re.match(r"-([a-z]+)", after)  # "a *meeting*-minutes tool", not "*habit*-tracking"
    if re.match(r"'s\b", after) or (
        compound and not compound[1].endswith("ing") and compound[1] not in _NOT_A_THING
    ):
        return True
    # a lone noun ("pet", "music"), not a phrase or a verb ("send messages to other users", "booking")
    lone = re.fullmatch(r"[a-z]+", match.group()) is not None and not last.endswith("ing")
    singular = lone and (not last.endswith("s") or last.endswith("ss"))
    head = re.match(r"\s+([a-z]+)", after)
    if (
        singular
        and (
            _QUALIFIED_HEAD.match(after)  # "*pet* owners", "*pet* sitting:"
            or (head and head[1] not in _NOT_A_THING and re.match(r"\s*[:;]", after[head.end() :]))
        )
    ):  # or a noun that closes a heading: "a system for the *school* bus: which kids, which stop"
        return True
    # a gerund after an article, before its noun: "a *tutoring* centre" (not "a booking system")
    return bool(
        last.endswith("ing")
        and re.fullmatch(r"[a-z]+", match.group())
        and _DETERMINER.search(before)
        and head
        and head[1] not in _NOT_A_THING
    )


_REMIND = re.compile(r"remind(?:s|ing)?\s+(?:me|us|you|them|people|everyone|members)\s+(?:to|when|about)\s+")
_ENABLER = re.compile(
    _REMIND.pattern
    + r"|(?:allows?|allowing|lets?|letting|helps?|helping|enables?|enabling)\s+(?:[\w'-]+\s+){0,5}?to\s+"
    r"|(?:allows?|allowing|lets?|letting|helps?|helping|enables?|enabling)\s+(?:an?\s+|the\s+)?[\w'-]+\s+"
)
_CLAUSE = re.compile(
    r"\b(?:that|which|where|who|with|so|using|featuring|including|to|before|after|until)\b|[,.;:!?(]"
)
