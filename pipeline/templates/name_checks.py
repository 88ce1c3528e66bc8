"""Last checks on an app's name: a name the request gives as an appositive ("for my bakery, Crumb &
Co"), a wh-clause object named by its verb ("log what we cook" → "Cooking Log"), and never a verb
phrase ("Teach Yoga"), a pronoun or filler scrap ("Am the Owner", "Ok"), a bare number, a typo'd
function word ("Somethin"), a doubled word ("Job Job") or a double plural ("Cleanups Events")."""

from __future__ import annotations

import difflib
import re

from pipeline.templates import naming
from pipeline.templates.lead_in import after_lead_in
from pipeline.templates.noun_phrases import PRONOUNS, as_modifier, object_of
from pipeline.templates.request_shapes import gerund
from pipeline.templates.subject import ACTIONS

_APPOSITIVE = re.compile(
    r"\b(?:my|our|the)\s+(?:[a-z-]+\s+){0,2}[a-z-]+,\s+"
    r"(?P<name>[A-Z][\w'’]*(?:\s+(?:[A-Z][\w'’]*|&|of|the|and|on|de)){0,4}?)"
    r"(?=\s*(?:[.!?;]|$)|\s*,\s+(?:with|where|which|that|and|so)\b|\s+(?:with|where|which|that)\b)"
)
"""A name after the thing it names, set off by a comma: "for my bakery, Crumb & Co"."""

_WH_CLAUSE = re.compile(
    r"\b(?:log|logs|record|records|note|notes|track|tracks|list|lists|remember|jot\s+down|write\s+down|"
    r"keep\s+track\s+of|keep\s+(?:a\s+)?(?:list|log|record|note|diary)\s+of)\s+(?P<wh>what|where|who)\s+(?P<who>(?:i|we|you|they|the\s+kids|my\s+family|our\s+family)\s+)?"
    r"(?:(?:usually|often|always|normally|actually)\s+)?(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
"""A wh-clause with a pronoun subject as what a record is kept of: "log what we cook", "note where I go"."""
_WENT = {"go", "goes", "went", "travel", "travelled", "traveled", "visit", "visited", "been", "stay"}
_CAME = {"come", "comes", "came", "attend", "attends", "attended", "show", "shows", "turn", "turns"}
_PAST = {"ate": "eat", "read": "read", "made": "make", "cooked": "cook", "bought": "buy", "spent": "spend",
         "watched": "watch", "played": "play", "saw": "see", "drank": "drink", "wore": "wear", "grew": "grow"}  # fmt: skip
_NOT_VERBS = {"want", "need", "like", "love", "have", "has", "had", "can", "could", "should", "would", "will",
              "must", "may", "might", "do", "did", "does", "am", "are", "were", "was", "is"}  # fmt: skip

_VERB_FIRST = {
    "teach", "hire", "find", "learn", "borrow", "lend", "compare", "recommend", "organise", "organize", "manage",
    "keep", "see", "view", "upload", "write", "publish", "collect", "invite", "buy", "sell", "follow", "share",
    "browse", "register", "assign", "send", "generate", "convert", "choose", "pick", "join", "donate", "submit",
    "add", "edit", "solve", "discuss", "claim", "receive", "give", "get", "ask", "connect", "help", "let",
    "allow", "list", "remind", "notify", "show", "tell", "match", "create", "make", "build", "track",
}  # fmt: skip
"""Verbs that, first in a name followed by more words, make it a command ("Teach Yoga", "Hire Musicians")."""
_SCRAPS = PRONOUNS | {
    "am", "is", "are", "was", "were", "be", "been", "ok", "okay", "able", "yes", "no", "so", "just", "basically",
    "lol", "my", "our", "your", "their", "his", "hers", "its", "im", "ive", "hi", "hey", "hello", "thanks",
    "please", "pls", "maybe", "also", "really", "very", "like", "um", "hmm", "well",
}  # fmt: skip
_FUNCTION_WORDS = ["something", "anything", "someone", "anyone", "somewhere", "anywhere", "everything",
                   "nothing", "whatever", "because", "though", "without"]  # fmt: skip
_PLURAL_MODIFIERS = {"kids", "sports", "arts", "news", "sales", "goods", "clothes", "savings", "earnings",
                     "finances", "glasses", "physics", "games", "times", "ladies", "mens", "womens", "parents"}  # fmt: skip
"""Plurals that stand before a noun in names people use ("Kids Chores", "Sports Club")."""


def appositive_name(text: str) -> str | None:
    """ "A booking page for my bakery, Crumb & Co" → "Crumb & Co"; None when no name follows."""
    match = _APPOSITIVE.search(text)
    if match is None:
        return None
    name = match["name"].strip()
    last = name.split()[-1]
    if not last[:1].isupper() or name.split()[0].lower() in _SCRAPS | {"the", "a", "an"}:
        return None
    return name


def wh_named(text: str) -> str | None:
    """What a wh-clause keeps, named by its verb: "what we cook" → "Cooking Log", "where we go"
    → "Places Visited", "who comes" → "Attendance"; None when the words start no such clause."""
    match = _WH_CLAUSE.search(text)
    if match is None or after_lead_in(text[: match.start()]).strip(" ,"):
        return None  # "volunteers who clean beaches … log what they collect": the request named its domain
    wh, verb = match["wh"].lower(), match["verb"].lower()
    if verb in _NOT_VERBS or (wh != "who") != bool(match["who"]):
        return None
    if wh == "where":
        return "Places Visited" if verb in _WENT else None
    if wh == "who":
        return "Attendance" if verb in _CAME else None
    base = _PAST.get(verb) or (verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb)
    if base.endswith("ed") or len(base) < 3:
        return None
    return naming.title_case(f"{gerund(base)} log")


def unsound(name: str) -> bool:
    """A verb phrase, pronoun or filler scrap, bare number, or typo'd function word: not a name."""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", name.lower())  # "Thank-You Card": one word
    if not words or all(w.isdigit() for w in words):
        return True
    if words[0] in _SCRAPS or any(w in PRONOUNS - {"one"} for w in words):
        return True
    if len(words) > 1 and words[0] in _VERB_FIRST:
        return True
    if len(words) == 1 and len(words[0]) >= 5 and words[0] not in _FUNCTION_WORDS:
        return bool(difflib.get_close_matches(words[0], _FUNCTION_WORDS, n=1, cutoff=0.85))
    return False


def tidied(name: str) -> str:
    """Without a doubled word ("Job Job" → "Job") or a plural before a plural ("Cleanups Events"
    → "Cleanup Events")."""
    words = name.split()
    kept: list[str] = []
    for word in words:
        if kept and naming.singularize(kept[-1].lower()) == naming.singularize(word.lower()):
            kept[-1] = word  # the later one is the head: "Job Jobs" → "Jobs"
            continue
        kept.append(word)
    for i, word in enumerate(kept[:-1]):
        lower, head = word.lower(), kept[i + 1].lower()
        one = naming.singularize(lower)
        both_plural = one != lower and naming.singularize(head) != head and head.endswith("s")
        if both_plural and lower not in _PLURAL_MODIFIERS and lower.startswith(one):
            kept[i] = word[: len(one)]
    return " ".join(kept)


def with_occasion(text: str, name: str) -> str:
    """A one-word name the request uses as its verb, with what it is done to or for: "guests RSVP
    to my wedding" → "Wedding RSVP", "vote for our club captain" → "Club Captain Vote"."""
    initialism = len(name) <= 5 and re.search(rf"\b{re.escape(name.upper())}\b", text) is not None
    verb = initialism or name.lower() in ACTIONS  # "RSVP", "Vote": a verb, not a thing ("Tickets")
    if len(name.split()) != 1 or not verb:
        return name
    after = re.search(rf"\b{re.escape(name)}\s+(?:to|for|on)\s+(?:my|our|the|a|an|their)\s+(.*)", text, re.I)
    occasion = object_of(after[1]) if after else []
    if not occasion or any(w in PRONOUNS for w in occasion):
        return name
    return naming.title_case(" ".join([*occasion[:-1], as_modifier(occasion[-1]), name]))
