"""Noun phrases in a request: where one ends, its head and what it is of, and whether a run of
words reads as a name. Word classes here are closed (determiners, pronouns, auxiliaries) or name
roles a noun plays in a request (the people who use an app, a collection, a kind of record); the
verbs that say what an app does, and the subject they give, are in ``subject``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from pipeline.templates import naming

ENABLERS = {"allows", "allow", "allowing", "lets", "let", "letting", "helps", "help", "helping", "enables",
             "enable", "enabling", "permits"}  # fmt: skip
PARTICIPLE = re.compile(r"[a-z]{3,}[^e]ed|seen|done|taken|given|made|written|bought|sold|kept|lost|found|owned")  # fmt: skip
"""A past participle after a noun starts a clause on it ("birds seen", "books borrowed")."""
_ADVERB = re.compile(r"[a-z]{3,}(?:ous|ent|ant|ive|ful|ic|al|less|ate|ble|ick|uiet|ight)ly")
"""An adverb made from an adjective ("anonymously", "quickly") is no part of a noun phrase."""
_PLURAL_ONLY = {"sales", "news", "goods", "clothes", "earnings", "savings", "finances", "belongings"}
PARTICLES = {"up", "off", "out", "down", "back", "in"}
AUXILIARIES = {"can", "could", "will", "would", "may", "might", "shall", "should", "must", "do", "does"}
PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "me", "us", "them", "him", "her", "one"}
MEASURES = {"glass", "glasses", "cup", "cups", "bottle", "bottles", "bowl", "bowls", "piece", "pieces", "slice",
             "slices", "portion", "portions", "pint", "pints", "litre", "litres", "liter", "liters", "hours"}  # fmt: skip
"""Measures named by what they measure: "glasses of water" are water, "hours of sleep" sleep."""
PLACEHOLDERS = {"slot", "slots", "spot", "spots", "time", "times", "place", "places", "turn", "turns", "score",
                "scores", "shift", "shifts"}  # fmt: skip
"""What is booked, taken or kept somewhere, named by where: "a slot at the recycling centre", "keep
score in the pub quiz"."""
_DEGREES = {"fast": "speed", "quickly": "speed", "long": "duration", "far": "distance", "often": "frequency",
            "much": "", "many": "", "well": "performance", "big": "size", "heavy": "weight", "old": "age"}  # fmt: skip
"""'how fast X loads' is about X's speed: the noun of a degree asked about."""
_POSSESSIVES = {"my", "our", "your", "their", "his", "its"}
_WH_WORDS = {"what", "which", "who", "whom", "whose", "where", "when", "why", "how"}
_ADJECTIVES = {"fast", "slow", "quick", "cheap", "free", "easy", "new", "old", "big", "small", "good", "best",
               "better", "late", "early", "high", "low", "busy", "ready", "available", "popular", "nearby"}  # fmt: skip
"""Adjectives a name may not end in: "how fast" leaves "Fast" when the noun it asks about is lost."""
PEOPLE = {
    "users", "people", "members", "customers", "visitors", "others", "friends", "neighbours", "neighbors",
    "players", "students", "teachers", "staff", "everyone", "anyone", "guests", "clients", "employees",
    "librarians", "managers", "residents", "accountants", "organisers", "organizers", "hr", "admins",
    "team", "teams", "owners", "readers", "writers", "buyers", "sellers", "me", "us", "you", "them", "other",
}  # fmt: skip
COLLECTIONS = {"library", "collection", "list", "catalogue", "catalog", "set", "database", "archive",
                "report", "summary", "log", "inventory", "history", "record", "records", "overview", "calendar",
                "rota", "timetable", "map", "gallery", "directory"}  # fmt: skip
"""Things that hold others and are named by them: "a weekly report of sales", "a rota of chores"."""
GENERIC_OBJECTS = {"alert", "alerts", "notification", "notifications", "reminder", "reminders", "report", "reports",
            "message", "update", "updates", "things", "stuff", "data", "information", "info", "items"}  # fmt: skip
"""Objects that name no domain: "get an alert when a plant…" is named by its kind."""
_RECORDS = {"issue", "invitation", "invite", "request", "application", "submission", "entry", "item", "detail",
            "alert", "notification", "reminder", "update"}  # fmt: skip
"""Records that say what sort of thing is kept, not what it is about: the domain is beside them."""
SOFTWARE = {"app", "apps", "application", "website", "site", "platform", "tool", "system", "program", "page",
             "portal", "software", "dashboard", "service", "web", "solution"}  # fmt: skip
SKIP = {"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "other", "some", "all", "any",
         "each", "every", "best", "new", "ahead", "online", "together", "side", "by", "with", "on", "for",
         "two", "three", "several", "many", "one", "local", "nearby", "own"}  # fmt: skip
DETERMINERS = {"the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "of", "this", "that"}
STOP_WORDS = {
    "that", "which", "where", "who", "whom", "whose", "to", "and", "so", "using", "in", "on", "featuring",
    "including", "plus", "by", "from", "like", "via", "when", "if", "until", "while", "after", "before",
    "against", "between", "across", "around", "into", "with", "without", "based", "each", "every", "near",
    "than", "because", "of", "at", "for", "or", "about", "among", "amongst", "within", "per", "over", "under",
    "through", "during", "since", "till", "onto", "toward", "towards", "are", "is", "was", "were",
    "outside", "inside", "beyond", "behind", "beside", "besides", "along", "alongside", "instead", "except",
    "despite", "throughout", "upon", "unless", "whether",
}  # fmt: skip


def _doing(word: str) -> bool:
    return word.endswith("ing") and len(word) > 5


def compound_words(text: str) -> list[str]:
    """Lower-case ASCII words, a hyphenated compound kept whole ("a thank-you card" is a card); a
    possessive written without its apostrophe ("babys feeds") is its noun, as no plural ends so."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded)
    return [w[:-1] if re.fullmatch(r"[a-z]{2,}[^aeiou\W]ys", w) else w for w in words]


def as_modifier(noun: str) -> str:
    """A noun before another one is singular ("castle list"), save those only used in the plural
    ("sales report", "news archive")."""
    return noun if noun in _PLURAL_ONLY else naming.singularize(noun)


def without_dangling(words: list[str]) -> list[str]:
    """A name ends in a noun: never in a function word, a pronoun, an auxiliary or an enabling verb
    ("Neighbours Can Message Each", "Films I", "Desks Without")."""
    dangling = STOP_WORDS | DETERMINERS | AUXILIARIES | PRONOUNS | ENABLERS
    while words and words[-1] in dangling:
        words = words[:-1]
    return words


def reads_as_name(words: list[str]) -> bool:
    """A name is a noun phrase: no modal or auxiliary, pronoun, possessive or wh-word in it ("Costumes
    Our Theatre"), and it ends in neither a participle nor a bare adjective ("Books Borrowed", "Fast")."""
    return bool(words) and noun_phrase_in(words) == words


def noun_phrase_in(words: list[str]) -> list[str]:
    """The words before the first that cannot be in a name, without a participle or bare adjective
    at the end: "books borrowed" → books, "check how fast" → check."""
    closed = AUXILIARIES | PRONOUNS | _POSSESSIVES | _WH_WORDS | {"is", "are", "was", "were", "has", "have"}
    kept = list(itertools.takewhile(lambda w: w not in closed, words))
    while kept and (PARTICIPLE.fullmatch(kept[-1]) or kept[-1] in _ADJECTIVES):
        kept = kept[:-1]
    return kept


GROUPS = {"club", "clubs", "group", "groups", "society", "societies", "league", "leagues", "association",
          "associations", "circle", "circles", "choir", "choirs", "crew", "crews"}  # fmt: skip
"""Groups made of people: "a club for retired teachers" is named by its members."""


def without_users(words: list[str]) -> list[str]:
    """A noun phrase without the people who use the app when it says more: "tennis players" →
    "tennis", "chess club members" → "chess club"; "students" alone stays."""
    return words[:-1] if len(words) > 1 and words[-1] in PEOPLE else words


def is_record(noun: str) -> bool:
    """A noun that names a kind of record rather than a domain: "issues", "invitations", "alerts"."""
    return noun in GENERIC_OBJECTS or naming.singularize(noun) in _RECORDS


def object_of(phrase: str) -> list[str]:
    """The noun phrase a phrase starts with: "my wedding in June" → wedding."""
    return noun_phrase(phrase)[0]


def _degree_asked(words: list[str]) -> list[str]:
    """What "how fast/long/far …" asks about: its clause's subject and the noun of the degree; the
    subject ends at its first plural before another word ("couriers deliver parcels"), else before
    its verb ("the page loads")."""
    if len(words) < 3 or words[0] != "how" or not _DEGREES.get(words[1]):
        return []
    measured = _clause_subject(words[2:])
    return [*measured[:-1], as_modifier(measured[-1]), _DEGREES[words[1]]] if measured else []


def _clause_subject(words: list[str]) -> list[str]:
    """A clause's subject: up to its first plural before another word ("the bins go out"), else
    before its verb ("the page loads")."""
    clause = noun_phrase(" ".join(words))[0]
    plural = next((i for i, w in enumerate(clause[:-1]) if w.endswith("s") and not w.endswith("ss")), None)
    return clause[: plural + 1] if plural is not None else clause[:-1] or clause


def wh_topic(words: list[str]) -> list[str] | None:
    """What a wh-clause is about: "when the bins go out" → its subject, bins; "where we go for the
    Friday lunch", "who pays for the next round of drinks" → the noun phrase after its last
    preposition; None when the words are no wh-clause."""
    if not words or words[0] not in ("where", "when", "what", "who", "how", "whether", "if"):
        return None
    links = [i for i, w in enumerate(words) if w in ("for", "to", "at", "on", "in", "about", "of")]
    links = [i for i in links if i + 1 < len(words) and words[i + 1] in DETERMINERS - {"of"}] or links
    if links:
        return noun_phrase(" ".join(words[links[-1] + 1 :]))[0]
    return [] if words[0] == "who" else _clause_subject(words[1:])


def noun_phrase(rest: str) -> tuple[list[str], list[str], str]:
    """What a verb acts on, whose it is or what it is about, and the word between them ("members of
    the hiking club" → members, hiking club, "of"; "invitations to a birthday party" → invitations,
    birthday party, "to")."""
    rest = re.sub(r"\bside by side\b|(?<=\w)['’]s\b|\b(?:each|all|some|any|one|most|both)\s+of\b", "", rest)
    words = compound_words(rest)  # "children's", "each of our websites": the websites
    if asked := _degree_asked(words):  # "how fast each website loads": the website's speed
        return asked, [], ""
    while words and (words[0] in SKIP or words[0] in ("which", "what", "whose", "how", "many", "much")):
        words = words[1:]  # "see which trains are late": the trains
    head: list[str] = []
    owner: list[str] = []
    link = ""
    for word in words:
        if (head or owner) and (PARTICIPLE.fullmatch(word) or _ADVERB.fullmatch(word)):
            break  # "the birds seen in my garden", "questions anonymously": a clause on the object ends it
        last = (owner or head)[-1:]
        if last and last[0].endswith("s") and last[0] not in _PLURAL_ONLY and _doing(word):
            break  # "parents driving to school": a present participle after a plural starts a clause
        if word in ("of", "at", "for", "to", "about") and head and not owner:
            owner.append("")
            link = word
            continue
        if word in STOP_WORDS or word in PRONOUNS - {"it", "one", "them", "me", "us"}:
            break  # "wines we have tasted": a clause on the object ends it
        if word in DETERMINERS and (owner[1:] if owner else head):
            break  # "the film the club watches": another noun phrase begins
        if word not in SKIP:
            (owner if owner else head).append(word)
    return head[-3:], [w for w in owner if w][:3], link


def place_of(words: list[str]) -> list[str]:
    """Where something is done, as its last two nouns: "items in our school's silent auction" →
    silent auction; [] when the phrase says no place."""
    at = next((i for i, w in enumerate(words) if w in ("in", "at", "during")), None)
    if at is None:
        return []
    place: list[str] = []
    for word in words[at + 1 :]:
        if word in STOP_WORDS or (word in DETERMINERS and place) or word in PRONOUNS:
            break
        if word not in SKIP:
            place.append(word)
    return place[-2:] if place and not PARTICIPLE.fullmatch(place[-1]) else []  # "the lost and found"
