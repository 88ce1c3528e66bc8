"""The subject of a request: the product's own name when it gives one ("Quillpad is a note-taking
app…"), the one who uses the software when that is a business ("allows a small clinic to…"), or
what its main verb acts on ("lend books" → "Book Lending", "compare laptops" → "Laptop
Comparison"). Grammar around the subject ("is a", "allows users to") is never part of a name.
"""

from __future__ import annotations

import itertools
import re

from pipeline.templates import naming
from pipeline.templates.noun_phrases import (
    AUXILIARIES,
    COLLECTIONS,
    DETERMINERS,
    ENABLERS,
    GROUPS,
    MEASURES,
    PARTICLES,
    PEOPLE,
    PLACEHOLDERS,
    PRONOUNS,
    SKIP,
    SOFTWARE,
    STOP_WORDS,
    as_modifier,
    compound_words,
    is_record,
    noun_phrase,
    place_of,
    wh_topic,
)
from pipeline.templates.noun_phrases import (
    GENERIC_OBJECTS as GENERIC_OBJECTS,  # nearest.py reads it from here
)

_PRODUCT = re.compile(
    r"""^\W*(?:(?i:introducing|meet|presenting|say\s+hello\s+to)\s+)?(?P<name>[A-Z][\w'&.+-]*(?:\s+[A-Z][\w'&.+-]*){0,2}(?:\s+v?\d+(?:\.\d+)*)?)["”']?\s*
        (?:(?:is|was)\s+(?:an?|the|your|our)\b|(?:,|:|\u2014|-{1,2})\s+(?:an?|the|your)\s
          |(?=(?:connects|lets|helps|allows|gives|turns|brings|makes|keeps)\b)
          |(?<=[^sS\s])(?=\s+[a-z]+[^su\W]s\s+(?:an?|the|your|you|people|users)\b))""",
    re.VERBOSE,
)
"""A name, then "is a …", an appositive, or its verb: a singular noun without a determiner that a
verb agrees with ("Gymbuddy matches people …") is a name, as a common noun would take "the"."""
_NOT_NAMES = {
    "a", "an", "the", "this", "that", "these", "it", "my", "our", "your", "their", "each", "every", "please",
    "build", "make", "create", "i", "we", "you", "software", "app", "application", "website", "web", "site",
    "platform", "system", "tool", "program", "there", "here", "what", "which", "one", "someone", "everyone",
}  # fmt: skip
ACTIONS: dict[str, str] = {
    "lend": "lending", "borrow": "lending", "compare": "comparison", "record": "log", "track": "tracker",
    "rate": "ratings", "review": "reviews", "vote": "vote", "book": "booking", "reserve": "booking",
    "schedule": "scheduler", "split": "splitter", "swap": "swap", "bid": "auction", "chat": "chat",
    "recommend": "recommendations", "convert": "converter", "generate": "", "report": "", "send": "",
    "keep": "", "manage": "", "register": "", "assign": "", "sell": "", "order": "", "list": "",
    "post": "", "share": "", "find": "", "browse": "", "store": "", "log": "log", "plan": "planner",
    "organise": "organizer", "organize": "organizer", "apply": "applications", "take": "", "see": "",
    "view": "", "upload": "", "write": "", "offer": "", "request": "", "arrange": "", "publish": "",
    "collect": "", "invite": "", "buy": "", "rent": "rentals", "hire": "", "follow": "", "monitor": "monitor",
    "run": "", "practise": "", "practice": "", "cast": "vote",
}  # fmt: skip
"""A request's main verb → the noun its app is named with ("" keeps only what it acts on)."""
_CLAUSE_VERBS = {
    "save", "file", "submit", "add", "edit", "read", "guess", "solve", "answer", "message", "comment", "discuss",
    "join", "exchange", "donate", "claim", "pick", "choose", "build", "create", "learn", "study", "play", "teach",
    "sign", "meet", "check", "mark", "leave", "ask", "pay", "set", "hand", "give", "get", "receive",
}  # fmt: skip
"""Verbs that name no activity of their own: after a subject ("testers file bugs") the object names it."""
_MAKING = {"build", "create", "make", "design", "develop", "write", "code", "set", "get", "give"}
"""Verbs of making software, or of asking for it: at the start of a request they are its lead-in."""
_OBJECT_PRONOUNS = {"me", "us", "you", "them", "him", "her"}
SOFT_LEAD = re.compile(
    r"^\W*(?:(?:hi|hello|hey|please|pls|kindly|this|these|a|an|the|my|our|simple|small|basic|new|online|"
    r"desktop-style|full[\s-]?stack)\b[\s,]*|(?:web\s*site|website|web\s+app(?:lication)?|webapp|app(?:lication)?|"
    r"site|platform|portal|tool|system|service|software|program|solution)s?\b[\s,]*|(?:that|which)\b\s*)+",
    re.IGNORECASE,
)
"""What comes before a software description's verb: "A software that", "This tool which"."""


def product_name(text: str) -> tuple[str | None, str]:
    """The product's own name and the request without it: "Quillpad is a note-taking app that…"
    → ("Quillpad", "a note-taking app that…"); (None, text) when the request names no product."""
    match = _PRODUCT.match(text)
    if match is None:
        return None, text
    name = match["name"].strip(" .,'")
    words = name.lower().split()
    if not words or words[0] in _NOT_NAMES or any(w in _NOT_NAMES for w in words[-1:]):
        return None, text
    return name, text[match.end("name") :].lstrip(" \"”'").removeprefix("is ").removeprefix("was ")


def verb_subject(phrase: str) -> str | None:
    """What a phrase that starts with doing is about: "allows librarians to lend books to members"
    → "book lending"; "lets a small clinic register patients" → "small clinic"; None when the
    phrase does not start with a verb we know."""
    series = re.match(
        r"\s*([a-z]+(?:\s*,\s*[a-z]+)+\s*,?\s+(?:and|or)\s+[a-z]+)\s+(.*)", phrase, re.IGNORECASE
    )
    known = [w for w in compound_words(series[1]) if w in ACTIONS] if series else []
    if series and known:  # "Book, cancel and reschedule appointments": the last verb we know in the
        phrase = f"{known[-1]} {series[2]}"  # series, on the object after the series
    phrase = re.split(r"[,.;:!?(]", phrase.strip())[0]
    words = compound_words(phrase)
    while words and words[0] in ("and", "or", "then"):
        words = words[1:]
    if len(words) > 1 and (base := _gerund_base(words[0])) and _acts_on_something(base, words[1:]):
        words = [base, *words[1:]]  # "renting out camping gear", "comparing tariffs"; not "running club"
    if _commands_someone(words):
        # "remind me to take my medication": what the errand is about, then the noun of the command
        errand = (verb_subject(" ".join(words[3:])) or _acted_on(words[4:]) or "").split()
        return " ".join([*errand[:-1], as_modifier(errand[-1]), agent_noun(words[0])]) if errand else None
    group: list[str] = []
    enabled = bool(words) and words[0] in ENABLERS
    if enabled:
        # an action word after "our", "the", "of" is a noun ("let the members of our book club vote");
        # a verb after whom it helps is the errand ("helps me learn Japanese")
        at = next(
            (
                i
                for i, w in enumerate(words[1:10], 1)
                if w == "to"
                or (w in ACTIONS and words[i - 1] not in DETERMINERS)
                or (w in _CLAUSE_VERBS - _MAKING and words[i - 1] in _OBJECT_PRONOUNS)
            ),
            None,
        )
        if at is None:  # "let my friends predict the scores": after whom, a verb we do not know
            return _unknown_errand(words)
        actor = [w for w in words[1:at] if w not in SKIP]
        if "of" in actor and set(actor[: actor.index("of")]) & PEOPLE:  # "members of our book club"
            group = actor[actor.index("of") + 1 :][-3:]
        # "lets a small clinic …" names the business; "help our office organise a party" the errand
        business = words[1] in ("a", "an", "the", "our", "your", "my") and not words[0].startswith("help")
        if business and actor and not set(actor) & PEOPLE and not actor[-1].endswith("s"):
            return " ".join(w for w in actor[:3] if w not in ("company", "business", "firm", "of"))
        words = words[at + 1 :] if words[at] == "to" else words[at:]
    verbs: list[str] = []
    linked = True  # a second verb follows "and" or "or": in "split rent" the rent is what is split
    while words and ((words[0] in ACTIONS and linked) or (verbs and words[0] in ("and", "or"))):
        if words[0] in ACTIONS:
            verbs.append(words[0])
        linked = words[0] in ("and", "or") or words[:2] == ["keep", "track"]  # the idiom is one verb
        words = words[1:]
    if not verbs:  # "allows tenants to pay rent", "Add recipes, tag them": a verb naming no activity
        opened = len(words) > 1 and (words[1] in DETERMINERS - {"of"} or _plural(words[1]))
        opened = opened and words[0] not in _MAKING  # "build a todo app" makes the software
        return _acted_on(words[1:]) if (enabled or opened) and words[0] in _CLAUSE_VERBS else None
    while words and words[0] in PARTICLES - {"in"}:  # "rent out camping gear"
        words = words[1:]
    activity = ACTIONS[verbs[-1]]
    if activity == "vote":  # "cast their votes on the office party theme": the vote is on what follows
        words = _after_votes(words)
        if group:  # the group that votes names it: "book club vote"
            return " ".join([*group, activity])
    head, owner, link = noun_phrase(" ".join(words))
    if head and head[-1] in MEASURES and link == "of" and owner:  # "glasses of water": the water
        head, owner, link = owner, [], ""
    if (not head or is_record(head[-1]) or head[-1] in PLACEHOLDERS) and (place := place_of(words)):
        head, owner, link = place, [], ""  # "bid on items in the silent auction", "a slot at the tip"
    records = bool(head) and is_record(head[-1])
    if (link in ("to", "about") and not records) or (records and owner[-1:] and owner[-1] in PEOPLE):
        owner = []  # "lend books to members", "send reminders to tenants": to whom, not what about
    if head and head[-1] in COLLECTIONS and owner:  # "a weekly report of sales" → "weekly sales report"
        core = [*head[:-1], *owner[:-1], as_modifier(owner[-1]), head[-1]]
    elif len(head) > 1 and records:  # "report heating issues to the landlord": what they are about
        core = head[:-1]
    elif owner and (not head or head[-1] in PEOPLE or records):
        core = owner  # "chat with members of the hiking club", "invitations to a birthday party"
    else:
        core = head
    generic = GENERIC_OBJECTS - ({"message"} if verbs[-1] in ("send", "chat") else set())
    if not core or (core[-1] in generic and not owner) or set(core) <= SOFTWARE:
        return None
    core = [*core[:-1], as_modifier(core[-1]) if activity else core[-1]]
    if core[-1] == naming.singularize(activity):  # "bid in the silent auction" is no "auction auction"
        activity = ""
    return " ".join([*core[-3:], activity]).strip()


def clause_subject(phrase: str) -> str | None:
    """What a clause whose subject does something is about: "students book time slots with tutors"
    → "time slot booking", "our team manages deals" → "deals", "home cooks save recipes" →
    "recipes"; None when the phrase is no such clause or only says who ("neighbours can message
    each other"). A verb is known by its place after a short noun phrase and by agreeing with it
    (a plural subject takes "book", a singular one "books"), so "sales deals" stays a noun."""
    words = naming.ascii_words(
        re.split(r"[,.;:!?(]|\s[-\u2013\u2014]+\s", phrase.strip())[0]
    )  # a dash ends it
    group: list[str] = []
    if len(words) > 2 and words[0] in PEOPLE and words[1] == "of":  # "members of the rowing club sign up"
        words = [w for w in words[2:5] if w not in DETERMINERS] + words[5:]  # the group, then its verb
        group = words[: next((i for i, w in enumerate(words) if _is_verb(w)), 0)]
    for at in range(1, min(4, len(words) - 1)):
        who, verb = words[:at], words[at]
        addressed = who in (["you"], ["i"], ["we"])  # "you guess the word in six tries"
        if not addressed and set(who) & (STOP_WORDS | DETERMINERS | AUXILIARIES | PRONOUNS):
            return None
        plural = bool(group) or who[-1] in PEOPLE or (who[-1].endswith("s") and not who[-1].endswith("ss"))
        if verb in AUXILIARIES or (verb == "to" and plural):  # "for freelancers to send invoices"
            rest = words[at + 1 :]
        elif verb in ("need", "needs", "want", "wants") and words[at + 1 : at + 2] == ["to"]:
            rest = words[at + 2 :]  # "teachers need to collect permission slips": the verb needed
        elif plural and _is_verb(verb):
            rest = words[at:]
        elif not plural and (base := base_form(verb)):
            rest = [base, *words[at + 1 :]]
        else:
            continue
        if not rest or not _is_verb(rest[0]):
            return None
        while len(rest) > 1 and rest[1] in PARTICLES:
            rest = [rest[0], *rest[2:]]  # "sign up for shifts": the verb's particle
        while len(rest) > 2 and rest[1] in ("and", "or") and _is_verb(rest[2]):
            rest = rest[2:]  # "hand out and collect slips": the object follows the last verb
        after = next((i for i, w in enumerate(rest[2:5], 2) if w in PARTICLES - {"in"}), 0)
        if after and rest[1] in DETERMINERS and after + 1 < len(rest) and rest[after + 1] in ("for", "to"):
            rest = [rest[0], *rest[after + 1 :]]  # "sign their kids up for swimming": what they sign up for
        done = verb_subject(" ".join(rest)) if rest[0] in ACTIONS else _acted_on(rest[1:])
        if verb == "to" and who[-1] in GROUPS and done:  # "for running clubs to share routes": whose
            return " ".join([*who[:-1], as_modifier(who[-1]), *done.split()][:4])
        if group and who == group:  # the group it is for names it: "rowing club outings"
            return " ".join([*group, *(done or "").split()][:4])
        return done
    return " ".join(group) or None


def _unknown_errand(words: list[str]) -> str | None:
    """ "let my friends predict the scores of World Cup matches" → "world cup match scores": after
    an enabler, whom (a possessive and a plural or a group) and a verb we do not know, what it acts on."""
    whom = 3 if words[1:2] and words[1] in DETERMINERS - {"of", "that", "a", "an"} else 0
    if not whom or len(words) < 5 or not (_plural(words[2]) or words[2] in PEOPLE | GROUPS):
        return None
    if words[3] in STOP_WORDS | AUXILIARIES | PRONOUNS or words[4] in STOP_WORDS - {"the"} - DETERMINERS:
        return None
    head, owner, link = noun_phrase(" ".join(words[4:]))
    if not head or head[-1] in PEOPLE or set(head) & GENERIC_OBJECTS or is_record(head[-1]):
        return None
    if link == "of" and owner and head[-1] not in PEOPLE:
        head = [*owner[:-1], as_modifier(owner[-1]), head[-1]][-4:]
    elif len(head) == 1 and head[0] in words:  # "ask questions (anonymously) during lectures": where
        after = words[words.index(head[0]) + 1 :]
        place = place_of(after) if set(after[:2]) & {"in", "at", "during"} else []
        head = [as_modifier(place[-1]), *head] if place else head
    return " ".join(head)


def _acted_on(rest: list[str]) -> str | None:
    """What a verb that names no activity acts on: "save recipes" → "recipes"."""
    head, owner, link = noun_phrase(" ".join(rest))
    if head and head[-1] in PLACEHOLDERS and link == "at" and owner:  # "sign up for shifts at the food bank"
        head = owner
    return " ".join(head) if head and not is_record(head[-1]) and not set(head) <= PEOPLE else None


def _commands_someone(words: list[str]) -> bool:
    """ "Remind me to take my medication", "nudge staff to submit timesheets": a verb, whom, and an
    errand in the infinitive (a known verb, or a word followed by its object's determiner); "alert me
    to price drops" has no infinitive."""
    if len(words) < 5 or words[0] in ENABLERS or words[2] != "to":
        return False
    whom = words[1] in _OBJECT_PRONOUNS or words[1] in PEOPLE
    return whom and (_is_verb(words[3]) or words[4] in DETERMINERS - {"of"})


def agent_noun(verb: str) -> str:
    """The noun of what a command does: "remind" → "reminder", "track" → "tracker"."""
    return ACTIONS.get(verb) or (verb + "r" if verb.endswith("e") else verb + "er")


def _acts_on_something(base: str, rest: list[str]) -> bool:
    """A gerund is the verb of its phrase when a determiner, a particle or a plural object follows
    ("planning a wedding", "comparing electricity tariffs"); "running club" names a club."""
    if rest[0] in (DETERMINERS | PARTICLES) - {"of", "in"}:
        return True
    phrase = [w for w in itertools.takewhile(lambda w: w not in STOP_WORDS, rest)]
    plural = bool(phrase) and phrase[-1].endswith("s") and not phrase[-1].endswith("ss")
    return bool(ACTIONS[base]) and plural


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


def _is_verb(word: str) -> bool:
    return word in ACTIONS or word in _CLAUSE_VERBS


def _gerund_base(word: str) -> str:
    """The verb of a gerund we know ("renting" → "rent", "sharing" → "share", "swapping" → "swap")."""
    stem = word.removesuffix("ing")
    for base in (stem, stem + "e", stem[:-1]):
        if stem != word and base in ACTIONS:
            return base
    return ""


def base_form(verb: str) -> str:
    """The verb a singular subject's form comes from ("manages" → "manage", "publishes" → "publish")."""
    for base in (verb[:-1], verb[:-2]):
        if verb.endswith("s") and _is_verb(base):
            return base
    return ""


def _after_votes(words: list[str]) -> list[str]:
    """What a vote is on: "their votes on the office party theme" → "office party theme"."""
    rest = [w for w in words if w not in ("their", "a", "his", "her", "your")]
    while rest and rest[0] in ("vote", "votes", "ballot", "ballots"):
        rest = rest[1:]
    if rest and rest[0] in ("on", "for", "about"):
        rest = rest[1:]
    topic = wh_topic(rest)  # "where we go for the Friday lunch": what the clause is about is decided
    return rest if topic is None else topic
