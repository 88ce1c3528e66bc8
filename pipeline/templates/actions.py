"""What a request asks the app to *do*: its verbs with their objects ("lets users compare prices"
→ compare prices, "where owners post walks and walkers accept them" → post walks, accept walks).

A word is read as a verb by its place, not by a list of the corpus's verbs: after "to" that follows
an enabling verb ("allows users to…"), after a modal ("patients can book…"), as the verb of a
relative clause ("an app that calculates…"), after a plural subject that starts a clause ("where
owners post…"), as a command at the start of a sentence ("Compare three phone plans…"), as a gerund
after "for" ("a website for comparing tariffs"), or joined by "and" to one of these ("track and
compare"). A word outside ``COMMON_VERBS`` counts only in the first three places, where nothing but
a verb can stand.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from pipeline.templates.noun_phrases import DETERMINERS, object_of

KEEPING = frozenset({
    "sign up", "sign in", "log in", "check in", "check off", "tick off", "cross off", "jot down", "write down",
    "note down", "set up", "look up", "fill in", "add up", "keep up", "back up", "log out", "sign out",
    "add", "keep", "track", "log", "record", "list", "store", "save", "manage", "organise", "organize",
    "edit", "update", "change", "delete", "remove", "view", "see", "show", "display", "browse", "search",
    "find", "look", "filter", "sort", "note", "tag", "rate", "mark", "tick", "check", "write", "jot",
    "create", "enter", "set", "assign", "pick", "choose", "select", "pin", "attach", "collect", "catalogue",
    "catalog", "archive", "file", "submit", "report", "describe", "label", "star", "favourite", "bookmark",
    "review", "follow", "monitor", "read", "remember", "post", "publish", "upload", "rank", "count",
    "prioritise", "prioritize", "share", "move", "close", "open", "complete", "finish", "cancel", "group",
    "categorise", "categorize", "know", "hold", "own", "have", "cross", "fill", "capture", "put",
})  # fmt: skip
"""What any app that keeps records does: add, edit, list, find and mark them."""

LIGHT = frozenset({
    "be", "is", "are", "was", "were", "do", "does", "get", "make", "use", "want", "need", "like", "love",
    "let", "lets", "allow", "help", "enable", "give", "go", "come", "try", "say", "become",
    "implement", "develop", "code", "take", "bring", "turn", "feel", "seem", "stay", "forget", "happen",
    "work", "wish", "prefer", "start", "run", "also", "just", "easily", "quickly", "only", "then", "who",
})  # fmt: skip
"""Verbs that say nothing the app does ("want", "use", "get") and adverbs between a modal and its verb."""

COMMON_VERBS = frozenset({
    "build", "compare", "recommend", "suggest", "schedule", "calculate", "compute", "generate", "match", "stream",
    "translate", "deliver", "ship", "predict", "analyse", "analyze", "summarise", "summarize", "transcribe",
    "detect", "scan", "forecast", "optimise", "optimize", "simulate", "plan", "route", "pair", "sync",
    "import", "export", "print", "play", "watch", "listen", "broadcast", "teach", "learn", "split", "settle",
    "pay", "donate", "bid", "sell", "buy", "rent", "hire", "apply", "accept", "decline", "approve",
    "reject", "invite", "sign", "download", "share", "notify", "remind", "alert", "email", "message",
    "chat", "call", "measure", "estimate", "convert", "draw", "paint", "design", "compose", "chart", "map",
    "locate", "navigate", "verify", "grade", "score", "vote", "reserve", "book", "order", "lend", "borrow",
    "swap", "trade", "exchange", "claim", "offer", "request", "send", "reply", "respond", "answer",
    "comment", "discuss", "join", "connect", "advertise", "purchase", "edit", "crop", "filter",
    "resize", "enhance", "retouch", "quiz", "study", "solve", "guess", "roll",
    "deal", "bet", "win", "earn", "redeem", "upvote", "like", "follow", "subscribe", "record",
    "rotate", "allocate", "distribute", "balance", "budget", "invoice", "bill", "charge", "refund",
    "dispatch", "pack", "pick", "water", "feed", "walk", "visit", "arrange", "coordinate",
    "organise", "shortlist", "interview", "assess", "audit", "inspect", "review", "rate",
    "host", "list", "post", "upload", "register", "enrol", "enroll", "attend", "volunteer", "sponsor",
})  # fmt: skip
"""Verbs an app may be asked to do, read as verbs in any verb's place (others only where nothing
but a verb can stand)."""

_MODALS = {"can", "could", "will", "would", "may", "might", "should", "must", "shall"}
_LETTING = {"allow", "allows", "allowing", "let", "lets", "letting", "help", "helps", "helping", "enable",
            "enables", "enabling"}  # fmt: skip
"""Verbs whose object does the next verb ("lets people book", "helps you track")."""
_ENABLERS = _LETTING | {"way", "easy", "able", "tool", "app", "site", "website", "platform", "software",
                        "system", "program", "application", "service", "place"}  # fmt: skip
"""Words after which "to" starts an infinitive ("allows users to…", "a tool to…"); not "want to",
which says what a person means to do ("films I want to watch")."""
_CLAUSE_STARTS = {"where", "and", "when", "while", "so", "then", ",", ";", ":", "but", "whether"}
_RELATIVE = {"that", "which", "who"}
_PEOPLE_WORDS = {"people", "staff", "everyone", "anyone", "someone", "i", "we", "you", "they", "users", "he",
                 "she", "it"}  # fmt: skip
_PRONOUN_OBJECTS = {"it", "them", "one", "ones", "those", "these"}
_NOT_OBJECTS = {
    "by",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "into",
    "up",
    "out",
    "off",
    "down",
    "and",
}
_ADVERBS = {"also", "just", "easily", "quickly", "only", "then", "always", "instantly", "simply"}
"""Between a modal and its verb: "can also book"."""
_NOT_VERBS = frozenset({
    "has", "had", "having", "does", "did", "is", "was", "were", "am", "are", "been", "being", "not", "etc",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "night", "today", "tomorrow", "tonight",
})  # fmt: skip
"""Words a verb's place may hold that are no action: a form of "have" or "be", a time ("to day")."""
_NO_OBJECTS = frozenset({
    "stuff", "things", "thing", "everything", "anything", "something", "more", "less", "most", "least",
    "much", "lot", "lots", "better", "best", "again", "together", "well", "too", "there", "here",
})  # fmt: skip
"""Words after a verb that name nothing it acts on: "understand stuff", "score more"."""


def _adverb(word: str) -> bool:
    """ "can also book", "can really enjoy": a word between a modal and its verb."""
    return word in _ADVERBS or (
        word.endswith("ly") and not word.endswith("ply") and len(word) > 5 and not _known(word)
    )


_PARTICLES = {"up", "in", "out", "off", "down", "back"}
_MAKING = {
    "create",
    "generate",
    "make",
    "build",
    "design",
    "write",
    "produce",
    "develop",
    "implement",
    "code",
    "set",
}
"""Verbs that, first in a request, ask for the app itself ("create an expense tracker")."""
_ASKING = {"please", "pls", "kindly", "can", "could", "would", "will", "you", "i", "we", "want", "need", "like",
           "to", "me", "us", "hi", "hello", "hey", "i'd", "we'd", ","}  # fmt: skip
_NEGATIONS = {
    "no",
    "not",
    "never",
    "nobody",
    "cannot",
    "can't",
    "won't",
    "nothing",
    "without",
    "neither",
    "nor",
}
_PREPOSITIONS = {"on", "about", "of", "over", "in", "at", "for", "to", "from", "by", "with"}
_CLAUSE_ENDS = {",", ".", ";", ":", "!", "?", "(", ")", "and", "or", "so", "as", "if", "when", "while",
                "that", "until", "but", "then"}  # fmt: skip
_NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "few", "many"}
_OBJECT_STARTS = DETERMINERS | _NUMBERS | {"and", "or", "how", "which", "what", "who", "where", "when", "me", "us",
                                           "them", "it", "every", "each", "all", "some", "any"}  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[,.;:!?()]")


@dataclass(frozen=True)
class Action:
    """A verb of the request and what it acts on, in the request's own words."""

    verb: str
    """Its base form: "compare"."""
    phrase: str
    """The verb as written and its object: "compare the prices of products"."""
    obj: str
    """Its object's head: "prices"; "" when it has none."""
    main: bool
    """It is the request's main action (its first sentence's first verb, or joined to it by "and")."""
    at: int = 0
    """Where its verb starts in the request."""
    end: int = 0
    """Where its object (or, without one, its verb) ends in the request."""

    def said(self) -> str:
        """In words for ``unmet``: "comparing prices"; an object that names no thing ("stuff",
        "more", "a fixed") is left out: "understanding", not "understanding stuff"."""
        verb, _, particle = self.verb.partition(" ")
        last = self.obj.split()[-1] if self.obj else ""
        vague = last in _NO_OBJECTS or (last.endswith("ed") and not last.endswith("eed") and len(last) > 4)
        return " ".join(w for w in (gerund(verb), particle, "" if vague else self.obj) if w)


def gerund(verb: str) -> str:
    """ "compare" → "comparing", "bid" → "bidding", "see" → "seeing"."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb):  # one syllable ending in a short vowel's consonant
        return verb + verb[-1] + "ing"
    return verb + "ing"


def base_forms(word: str) -> list[str]:
    """The verbs a word may be a form of: "calculates" → calculate(s), "bidding" → bid."""
    forms = [word]
    for suffix, additions in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ing", ("", "e")),
                              ("ied", ("y",)), ("ed", ("", "e"))):  # fmt: skip
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms += [stem + a for a in additions]
            if suffix in ("ing", "ed") and len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "bidding" → bid
    return forms


def _known(word: str) -> str:
    return next((f for f in base_forms(word) if f in COMMON_VERBS or f in KEEPING or f in LIGHT), "")


def _plural(word: str) -> bool:
    return (word.endswith("s") and not word.endswith("ss") and len(word) > 3) or word in _PEOPLE_WORDS


def request_actions(lowered: str) -> list[Action]:
    """The request's actions, in order."""
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(lowered)]
    words = [t for t, _ in tokens]
    found: list[tuple[int, str]] = []
    for i in range(len(words)):
        verb = _verb_at(words, i, found[-1][0] if found else -9)
        making = verb in _MAKING and set(words[:i]) <= _ASKING  # "please create…", "generate a report of…"
        if verb and verb not in LIGHT and not making and not _negated(words, i):
            particle = words[i + 1] if i + 1 < len(words) else ""
            if particle in _PARTICLES and (
                particle != "in" or words[i + 2 : i + 3] not in ([d] for d in DETERMINERS)
            ):
                verb = f"{verb} {particle}"  # "sign up", "check in", "rent out": a verb of its own
            found.append((i, verb))
    actions: list[Action] = []
    main_run = bool(found) and not _own_subject(words, found[0][0])
    previous_obj = ""
    for n, (i, verb) in enumerate(found):
        if n and words[found[n - 1][0] + 1 : i] not in (["and"], ["or"], [","], [",", "and"]):
            main_run = False
        after = i + 1 + verb.count(" ")  # past the particle of "sign up"
        after += words[after : after + 1] in (["for"], ["to"], ["with"], ["on"]) and " " in verb
        rest = list(itertools.takewhile(lambda w: w not in _CLAUSE_ENDS, words[after : after + 7]))
        head = list(itertools.takewhile(lambda w: w not in _NOT_OBJECTS, object_of(" ".join(rest))))
        head = [w for w in head if w not in _NUMBERS and not w.isdigit()]  # "compare four plans": the plans
        if set(head) & _PRONOUN_OBJECTS:  # "walkers accept them": the walks; "claim the open ones"
            obj = previous_obj or " ".join(itertools.takewhile(lambda w: w not in _NOT_OBJECTS, rest))
        else:
            obj = " ".join(head) or (previous_obj if rest[:1] in ([], ["and"], ["or"]) else "")
        previous_obj = obj or previous_obj
        phrase = " ".join([*words[i:after], *rest])
        last = max((n for n, w in enumerate(rest, after) if head and w == head[-1]), default=i)
        end = tokens[last][1] + len(words[last])
        actions.append(Action(verb, phrase, obj, main=main_run, at=tokens[i][1], end=end))
    # "track and compare fuel prices": the object said once belongs to each verb before it
    for n in range(len(actions) - 2, -1, -1):
        if not actions[n].obj and actions[n].main and actions[n + 1].main:
            actions[n] = replace(actions[n], obj=actions[n + 1].obj)
    return actions


def _own_subject(words: list[str], i: int) -> bool:
    """The verb has a subject of its own ("where owners post walks", "that users can play"): it
    says what people do in the app, not what the app is ("an app that calculates…")."""
    at = i - 2 if i > 1 and words[i - 1] in _MODALS else i - 1
    let = at > 0 and words[at - 1] in _LETTING  # "lets users compare": what the app is for
    return at >= 0 and _plural(words[at]) and words[at] not in _RELATIVE | {"it"} and not let


def _negated(words: list[str], i: int) -> bool:
    """A rule the app keeps, not an action: "no two bookings can overlap", "nobody can double-book"."""
    clause = list(
        itertools.takewhile(lambda w: w not in _CLAUSE_STARTS | {"."}, reversed(words[max(0, i - 5) : i]))
    )
    return bool(set(clause) & _NEGATIONS)


def _verb_at(words: list[str], i: int, last_verb: int) -> str:
    """The base form of ``words[i]`` when its place makes it a verb (``last_verb``: where the
    verb before it stands), else ""."""
    word, before = words[i], words[i - 1] if i else ""
    following = words[i + 1] if i + 1 < len(words) else ""
    if (
        word in DETERMINERS
        or word in _NOT_VERBS
        or _adverb(word)
        or not word.isalpha()
        or before in DETERMINERS - {"that"}
        or before in ("of", "each")
    ):
        return ""
    known = _known(word)
    # where nothing but a verb stands: "allows users to X", "can X", "that Xs"
    if before == "to" and i > 1 and _infinitive_to(words, i - 1) and not following.startswith("'"):
        return known or (word if not _plural(word) else "")
    if before in _MODALS and word in _PEOPLE_WORDS:
        return ""  # a question's subject after its modal: "can you make …", "could we track …"
    if before in _PEOPLE_WORDS and i > 1 and words[i - 2] in _MODALS:
        return known or word  # the question's verb after its subject: "could we *compare* prices"
    if before in _MODALS or (_adverb(before) and i > 1 and words[i - 2] in _MODALS):
        return known or word
    if before in ("be", "get") and i > 1 and words[i - 2] in _MODALS and word.endswith("ed"):
        return known  # a passive: "tables can be reserved", "members can get paid"
    # "an app that calculates…"; not "see who wins", "on which features", "that coordinators create"
    asked_about = i > 1 and before != "that" and (_known(words[i - 2]) or words[i - 2] in _PREPOSITIONS)
    relative = before in _RELATIVE and i > 1 and not asked_about
    subject = following in _MODALS or (
        not known and _known(following)
    )  # "that users can…", "that coordinators create"
    asked_which = before in ("which", "what") and following in ("", ",", ".", ";", ":", "?", "!", "and", "or")
    if relative and word.endswith("s") and not word.endswith("ss") and not subject and not asked_which:
        return known or base_forms(word)[-1]
    coordinated = before in ("and", "or", ",") and i - 5 <= last_verb < i - 1
    if (
        not known
        and coordinated
        and word.endswith("s")
        and words[last_verb].endswith("s")
        and following in (DETERMINERS - {"of"}) | {"them", "it", "me", "us"}
    ):
        return base_forms(word)[-1]  # "keeps my recipes and scales them": the same form as the verb before
    if not known or (word.endswith("ed") and word != known):  # "books I borrowed": what happened
        return ""
    if word.endswith("ing"):  # "for comparing tariffs", "by tracking"; "booking tool" is a noun
        return known if before in ("for", "by", "about") else ""
    # "track and compare", "tag them and pin them"; a verb in -s agrees with the one before it, so
    # "reserved online and invoices…" starts a clause on invoices
    agrees = coordinated and (not _plural(word) or _plural(words[last_verb]))
    # "record distance, pace and route": the last of a list of objects, unless an object follows it
    # ("track expenses, set budgets and compare months")
    if (
        agrees
        and "," in words[last_verb + 1 : i - 1]
        and not (following in DETERMINERS | {"them", "it"} or _plural(following))
    ):
        return ""
    if agrees:
        return known
    if i == 0 or before in (".", ";", ":", "!", "?", "please", "then"):  # a command: "compare three plans"
        ahead = list(
            itertools.takewhile(lambda w: w.isalpha() and w not in _CLAUSE_ENDS, words[i + 1 : i + 4])
        )
        objectlike = following in _OBJECT_STARTS or following.isdigit() or any(map(_plural, ahead))
        return known if word == known and objectlike else ""
    starts = _CLAUSE_STARTS | _RELATIVE | {"."}
    # "where dog owners post…"; not "features we build", a clause on the features
    compound = (
        i > 2 and words[i - 3] in starts and not _known(words[i - 2]) and words[i - 2] not in DETERMINERS
    )
    compound = compound and before not in _PEOPLE_WORDS
    subject = last_verb < i - 2 and (i < 2 or words[i - 2] in starts or compound)
    if _plural(before) and subject:  # "owners post walks"; not "keeps score"
        return known if not word.endswith("s") or before in _PEOPLE_WORDS - {"i", "we", "you", "they"} else ""
    if before in _LETTING or (i > 1 and words[i - 2] in _LETTING):
        return known if words[i - 2 : i - 1] != ["to"] else ""  # "lets people book", "helps you track"
    return ""


def _infinitive_to(words: list[str], at: int) -> bool:
    """ "to" at ``at`` starts an infinitive: an enabling word stands shortly before it ("allows
    users to", "a tool to", "want to"), not a verb that sends something ("lend books to")."""
    for word in reversed(words[max(0, at - 6) : at]):
        if word in _ENABLERS:
            return True
        finite = _known(word) and not word.endswith(("ing", "ed"))  # "residents of a building to": a noun
        if finite and word not in LIGHT:  # "convert temperatures … to": a verb's own "to"
            return False
    return False
