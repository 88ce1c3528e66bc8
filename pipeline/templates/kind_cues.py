"""Which kind of app a request is about, by cues scored over the whole request: its subject
counts most, what a website lets people do counts more than whose website it is, and a word in
passing ("a background database", "an inventory of moves") makes no kind."""

from __future__ import annotations

import re

from pipeline.templates.describe import LEAD_IN
from pipeline.templates.fit import core_ask_in
from pipeline.templates.registry import BLUEPRINTS, KINDS
from pipeline.templates.vocabulary import Kind
from pipeline.templates.words import COLLECTIVE


def match_kind(lowered: str) -> Kind | None:
    """The kind the request is about, by cues scored over the whole request (``kind_scores``)."""
    scores = kind_scores(lowered)
    if not scores:
        return None
    start, end = subject_span(lowered)
    best = scores[0][1]
    # a cue that starts in the subject counts there, though it reads on past it ("tutors post … and apply")
    if core_ask_in(lowered, start, end) and not any(
        start <= m.start() < end for m in re.finditer(best.pattern, lowered)
    ):
        return None  # "a sudoku game with a timer": a game we have no rules for, not a timer
    return best


def kind_scores(lowered: str) -> list[tuple[float, Kind]]:
    """Every kind the request names, best first, with its score: a cue in the request's subject
    ("a *dental clinic* where patients book appointments") counts three times one in passing, a
    kind with rules of its own (a game, a booking) wins a tie, a cue that only qualifies another
    word ("a background database", "an inventory of moves") counts little, and a website for a
    business is a brochure only when no kind with rules of its own is asked for."""
    start, end = subject_span(lowered)
    site_for = bool(_SITE_FOR.search(lowered[:end]))
    found: list[tuple[float, int, int, Kind]] = []
    for order, kind in enumerate(KINDS):
        score, first = 0.0, len(lowered)
        for match in re.finditer(kind.pattern, lowered):
            in_subject = match.start() < end and match.end() > start
            # "a website for a café that lets people reserve tables": whose site, not what it does
            weight = 1.0 if not in_subject or (site_for and kind.key not in BLUEPRINTS) else 3.0
            if _IN_PASSING.search(lowered[max(0, match.start() - 14) : match.start()]) or (
                match.group().split()[-1] in COLLECTIVE and re.match(r"\s+of\b", lowered[match.end() :])
            ):
                weight = 0.25
            score += weight + (0.5 if kind.key in BLUEPRINTS else 0.0)
            first = min(first, match.start())
        if score >= 1:  # a cue only in passing ("an inventory of moves") makes no kind
            found.append((score, first, order, kind))
    if any(f[3].key in BLUEPRINTS and f[3].key != "site" for f in found):
        found = [f for f in found if f[3].key != "site"]
    found.sort(key=lambda f: (-f[0], f[2], f[3]))  # a tie goes to the kind named first
    return [(f[0], f[3]) for f in found]


_SITE_FOR = re.compile(r"\b(?:web\s*)?site\s+for\s+(?:an?|my|our|the)\b")
_IN_PASSING = re.compile(r"\b(?:a|the|in\s+the)\s+background\s+$|\bbackground\s+$")


def subject_span(lowered: str) -> tuple[int, int]:
    """Where the request's subject stands: from its start (what it asks for: "a booking system
    for meeting rooms") to its first clause ("where", "that", a comma) after the words that ask,
    and after "allows users to" in a software description."""
    lead = LEAD_IN.match(lowered)
    after = lead.end() if lead else 0
    enabler = _ENABLER.match(lowered, after)
    if enabler:
        after = enabler.end()
    cut = _CLAUSE.search(lowered, after)
    return 0, cut.start() if cut and cut.start() > 0 else len(lowered)


_ENABLER = re.compile(
    r"(?:allows?|allowing|lets?|letting|helps?|helping|enables?|enabling)\s+(?:[\w'-]+\s+){0,5}?to\s+"
    r"|(?:allows?|allowing|lets?|letting|helps?|helping|enables?|enabling)\s+(?:an?\s+|the\s+)?[\w'-]+\s+"
)
_CLAUSE = re.compile(r"\b(?:that|which|where|who|with|so|using|featuring|including|to)\b|[,.;:!?(]")
