"""The subject of a request: the product's own name when it gives one ("Quillpad is a note-taking
app…"), the one who uses the software when that is a business ("allows a small clinic to…"), or
what its main verb acts on ("lend books" → "Book Lending", "compare laptops" → "Laptop
Comparison"). Grammar around the subject ("is a", "allows users to") is never part of a name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from pipeline.templates import naming

_PRODUCT = re.compile(
    r"""^\W*(?:(?i:introducing|meet|presenting|say\s+hello\s+to)\s+)?(?P<name>[A-Z][\w'&.+-]*(?:\s+[A-Z][\w'&.+-]*){0,2})["”']?\s*
        (?:(?:is|was)\s+(?:an?|the|your|our)\b|(?:,|:|\u2014|-{1,2})\s+(?:an?|the|your)\s
          |(?=(?:connects|lets|helps|allows|gives|turns|brings|makes|keeps)\b))""",
    re.VERBOSE,
)
_NOT_NAMES = {
    "a", "an", "the", "this", "that", "these", "it", "my", "our", "your", "their", "each", "every", "please",
    "build", "make", "create", "i", "we", "you", "software", "app", "application", "website", "web", "site",
    "platform", "system", "tool", "program", "there", "here", "what", "which", "one", "someone", "everyone",
}  # fmt: skip
_ENABLERS = {"allows", "allow", "allowing", "lets", "let", "letting", "helps", "help", "helping", "enables",
             "enable", "enabling", "permits"}  # fmt: skip
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
    "sign", "meet", "check", "mark", "leave", "ask", "pay",
}  # fmt: skip
"""Verbs that name no activity of their own: after a subject ("testers file bugs") the object names it."""
_PARTICIPLE = re.compile(r"[a-z]{3,}[^e]ed|seen|done|taken|given|made|written|bought|sold|kept|lost|found|owned")  # fmt: skip
"""A past participle after a noun starts a clause on it ("birds seen", "books borrowed")."""
_PLURAL_ONLY = {"sales", "news", "goods", "clothes", "earnings", "savings", "finances", "belongings"}
_PARTICLES = {"up", "off", "out", "down", "back", "in"}
_AUXILIARIES = {"can", "could", "will", "would", "may", "might", "shall", "should", "must", "do", "does"}
_PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "me", "us", "them", "him", "her", "one"}
_OBJECT_PRONOUNS = {"me", "us", "you", "them", "him", "her"}
_MEASURES = {"glass", "glasses", "cup", "cups", "bottle", "bottles", "bowl", "bowls", "piece", "pieces", "slice",
             "slices", "portion", "portions", "pint", "pints", "litre", "litres", "liter", "liters", "hours"}  # fmt: skip
"""Measures named by what they measure: "glasses of water" are water, "hours of sleep" sleep."""
_PLACEHOLDERS = {"slot", "slots", "spot", "spots", "time", "times", "place", "places", "turn", "turns"}
"""What is booked or taken somewhere, named by where: "a slot at the recycling centre"."""
_DEGREES = {"fast": "speed", "quickly": "speed", "long": "duration", "far": "distance", "often": "frequency",
            "much": "", "many": "", "well": "performance", "big": "size", "heavy": "weight", "old": "age"}  # fmt: skip
"""'how fast X loads' is about X's speed: the noun of a degree asked about."""
_POSSESSIVES = {"my", "our", "your", "their", "his", "its"}
_WH_WORDS = {"what", "which", "who", "whom", "whose", "where", "when", "why", "how"}
_ADJECTIVES = {"fast", "slow", "quick", "cheap", "free", "easy", "new", "old", "big", "small", "good", "best",
               "better", "late", "early", "high", "low", "busy", "ready", "available", "popular", "nearby"}  # fmt: skip
"""Adjectives a name may not end in: "how fast" leaves "Fast" when the noun it asks about is lost."""
_PEOPLE = {
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
_SOFTWARE = {"app", "apps", "application", "website", "site", "platform", "tool", "system", "program", "page",
             "portal", "software", "dashboard", "service", "web", "solution"}  # fmt: skip
_SKIP = {"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "other", "some", "all", "any",
         "each", "every", "best", "new", "ahead", "online", "together", "side", "by", "with", "on", "for",
         "two", "three", "several", "many", "one", "local", "nearby"}  # fmt: skip
DETERMINERS = {"the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "of", "this", "that"}
_STOP_WORDS = {
    "that", "which", "where", "who", "whom", "whose", "to", "and", "so", "using", "in", "on", "featuring",
    "including", "plus", "by", "from", "like", "via", "when", "if", "until", "while", "after", "before",
    "against", "between", "across", "around", "into", "with", "without", "based", "each", "every", "near",
    "than", "because", "of", "at", "for", "or", "about", "among", "amongst", "within", "per", "over", "under",
    "through", "during", "since", "till", "onto", "toward", "towards", "are", "is", "was", "were",
}  # fmt: skip


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
    enabled = bool(words) and words[0] in _ENABLERS
    if enabled:
        # an action word after "our", "the", "of" is a noun ("let the members of our book club vote")
        at = next(
            (
                i
                for i, w in enumerate(words[1:10], 1)
                if w == "to" or (w in ACTIONS and words[i - 1] not in DETERMINERS)
            ),
            None,
        )
        if at is None:
            return None
        actor = [w for w in words[1:at] if w not in _SKIP]
        if "of" in actor and set(actor[: actor.index("of")]) & _PEOPLE:  # "members of our book club"
            group = actor[actor.index("of") + 1 :][-3:]
        business = words[1] in ("a", "an", "the", "our", "your", "my")  # "lets a small clinic …"
        if business and actor and not set(actor) & _PEOPLE and not actor[-1].endswith("s"):
            return " ".join(w for w in actor[:3] if w not in ("company", "business", "firm", "of"))
        words = words[at + 1 :] if words[at] == "to" else words[at:]
    verbs: list[str] = []
    while words and (words[0] in ACTIONS or (verbs and words[0] in ("and", "or"))):
        if words[0] in ACTIONS:
            verbs.append(words[0])
        words = words[1:]
    if not verbs:  # "allows tenants to pay rent": a verb that names no activity, then its object
        return _acted_on(words[1:]) if enabled and words and words[0] in _CLAUSE_VERBS else None
    while words and words[0] in _PARTICLES - {"in"}:  # "rent out camping gear"
        words = words[1:]
    activity = ACTIONS[verbs[-1]]
    if activity == "vote":  # "cast their votes on the office party theme": the vote is on what follows
        words = _after_votes(words)
        if group:  # the group that votes names it: "book club vote"
            return " ".join([*group, activity])
    head, owner, link = _object(" ".join(words))
    if head and head[-1] in _MEASURES and link == "of" and owner:  # "glasses of water": the water
        head, owner, link = owner, [], ""
    if (not head or is_record(head[-1]) or head[-1] in _PLACEHOLDERS) and (place := _place(words)):
        head, owner, link = place, [], ""  # "bid on items in the silent auction", "a slot at the tip"
    records = bool(head) and is_record(head[-1])
    if (link in ("to", "about") and not records) or (records and owner[-1:] and owner[-1] in _PEOPLE):
        owner = []  # "lend books to members", "send reminders to tenants": to whom, not what about
    if head and head[-1] in COLLECTIONS and owner:  # "a weekly report of sales" → "weekly sales report"
        core = [*head[:-1], *owner[:-1], as_modifier(owner[-1]), head[-1]]
    elif len(head) > 1 and records:  # "report heating issues to the landlord": what they are about
        core = head[:-1]
    elif owner and (not head or head[-1] in _PEOPLE or records):
        core = owner  # "chat with members of the hiking club", "invitations to a birthday party"
    else:
        core = head
    generic = GENERIC_OBJECTS - ({"message"} if verbs[-1] in ("send", "chat") else set())
    if not core or (core[-1] in generic and not owner) or set(core) <= _SOFTWARE:
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
    words = naming.ascii_words(re.split(r"[,.;:!?(]", phrase.strip())[0])
    group: list[str] = []
    if len(words) > 2 and words[0] in _PEOPLE and words[1] == "of":  # "members of the rowing club sign up"
        words = [w for w in words[2:5] if w not in DETERMINERS] + words[5:]  # the group, then its verb
        group = words[: next((i for i, w in enumerate(words) if _is_verb(w)), 0)]
    for at in range(1, min(4, len(words) - 1)):
        who, verb = words[:at], words[at]
        addressed = who in (["you"], ["i"], ["we"])  # "you guess the word in six tries"
        if not addressed and set(who) & (_STOP_WORDS | DETERMINERS | _AUXILIARIES | _PRONOUNS):
            return None
        plural = bool(group) or who[-1] in _PEOPLE or (who[-1].endswith("s") and not who[-1].endswith("ss"))
        if verb in _AUXILIARIES:
            rest = words[at + 1 :]
        elif plural and _is_verb(verb):
            rest = words[at:]
        elif not plural and (base := _base_form(verb)):
            rest = [base, *words[at + 1 :]]
        else:
            continue
        if not rest or not _is_verb(rest[0]):
            return None
        while len(rest) > 1 and rest[1] in _PARTICLES:
            rest = [rest[0], *rest[2:]]  # "sign up for shifts": the verb's particle
        done = verb_subject(" ".join(rest)) if rest[0] in ACTIONS else _acted_on(rest[1:])
        if group and who == group:  # the group it is for names it: "rowing club outings"
            return " ".join([*group, *(done or "").split()][:4])
        return done
    return " ".join(group) or None


def _acted_on(rest: list[str]) -> str | None:
    """What a verb that names no activity acts on: "save recipes" → "recipes"."""
    head, _owner, _link = _object(" ".join(rest))
    return " ".join(head) if head and not is_record(head[-1]) and not set(head) <= _PEOPLE else None


def compound_words(text: str) -> list[str]:
    """Lower-case ASCII words, a hyphenated compound kept whole ("a thank-you card" is a card)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded)


def _commands_someone(words: list[str]) -> bool:
    """ "Remind me to take my medication", "nudge staff to submit timesheets": a verb, whom, and an
    errand in the infinitive (a known verb, or a word followed by its object's determiner); "alert me
    to price drops" has no infinitive."""
    if len(words) < 5 or words[0] in _ENABLERS or words[2] != "to":
        return False
    whom = words[1] in _OBJECT_PRONOUNS or words[1] in _PEOPLE
    return whom and (_is_verb(words[3]) or words[4] in DETERMINERS - {"of"})


def agent_noun(verb: str) -> str:
    """The noun of what a command does: "remind" → "reminder", "track" → "tracker"."""
    return ACTIONS.get(verb) or (verb + "r" if verb.endswith("e") else verb + "er")


def _acts_on_something(base: str, rest: list[str]) -> bool:
    """A gerund is the verb of its phrase when a determiner, a particle or a plural object follows
    ("planning a wedding", "comparing electricity tariffs"); "running club" names a club."""
    if rest[0] in (DETERMINERS | _PARTICLES) - {"of", "in"}:
        return True
    phrase = [w for w in itertools.takewhile(lambda w: w not in _STOP_WORDS, rest)]
    plural = bool(phrase) and phrase[-1].endswith("s") and not phrase[-1].endswith("ss")
    return bool(ACTIONS[base]) and plural


def _place(words: list[str]) -> list[str]:
    """Where something is done, as its last two nouns: "items in our school's silent auction" →
    silent auction; [] when the phrase says no place."""
    at = next((i for i, w in enumerate(words) if w in ("in", "at")), None)
    if at is None:
        return []
    place: list[str] = []
    for word in words[at + 1 :]:
        if word in _STOP_WORDS or (word in DETERMINERS and place) or word in _PRONOUNS:
            break
        if word not in _SKIP:
            place.append(word)
    return place[-2:] if place and not _PARTICIPLE.fullmatch(place[-1]) else []  # "the lost and found"


def _is_verb(word: str) -> bool:
    return word in ACTIONS or word in _CLAUSE_VERBS


def _gerund_base(word: str) -> str:
    """The verb of a gerund we know ("renting" → "rent", "sharing" → "share", "swapping" → "swap")."""
    stem = word.removesuffix("ing")
    for base in (stem, stem + "e", stem[:-1]):
        if stem != word and base in ACTIONS:
            return base
    return ""


def _base_form(verb: str) -> str:
    """The verb a singular subject's form comes from ("manages" → "manage", "publishes" → "publish")."""
    for base in (verb[:-1], verb[:-2]):
        if verb.endswith("s") and _is_verb(base):
            return base
    return ""


def as_modifier(noun: str) -> str:
    """A noun before another one is singular ("castle list"), save those only used in the plural
    ("sales report", "news archive")."""
    return noun if noun in _PLURAL_ONLY else naming.singularize(noun)


def without_dangling(words: list[str]) -> list[str]:
    """A name ends in a noun: never in a function word, a pronoun, an auxiliary or an enabling verb
    ("Neighbours Can Message Each", "Films I", "Desks Without")."""
    dangling = _STOP_WORDS | DETERMINERS | _AUXILIARIES | _PRONOUNS | _ENABLERS
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
    closed = _AUXILIARIES | _PRONOUNS | _POSSESSIVES | _WH_WORDS | {"is", "are", "was", "were", "has", "have"}
    kept = list(itertools.takewhile(lambda w: w not in closed, words))
    while kept and (_PARTICIPLE.fullmatch(kept[-1]) or kept[-1] in _ADJECTIVES):
        kept = kept[:-1]
    return kept


def without_users(words: list[str]) -> list[str]:
    """A noun phrase without the people who use the app when it says more: "tennis players" →
    "tennis", "chess club members" → "chess club"; "students" alone stays."""
    return words[:-1] if len(words) > 1 and words[-1] in _PEOPLE else words


def is_record(noun: str) -> bool:
    """A noun that names a kind of record rather than a domain: "issues", "invitations", "alerts"."""
    return noun in GENERIC_OBJECTS or naming.singularize(noun) in _RECORDS


def _after_votes(words: list[str]) -> list[str]:
    """What a vote is on: "their votes on the office party theme" → "office party theme"."""
    rest = [w for w in words if w not in ("their", "a", "his", "her", "your")]
    while rest and rest[0] in ("vote", "votes", "ballot", "ballots"):
        rest = rest[1:]
    if rest and rest[0] in ("on", "for", "about"):
        rest = rest[1:]
    return rest


def object_of(phrase: str) -> list[str]:
    """The noun phrase a phrase starts with: "my wedding in June" → wedding."""
    return _object(phrase)[0]


def _degree_asked(words: list[str]) -> list[str]:
    """What "how fast/long/far …" asks about: its clause's subject and the noun of the degree; the
    subject ends at its first plural before another word ("couriers deliver parcels"), else before
    its verb ("the page loads")."""
    if len(words) < 3 or words[0] != "how" or not _DEGREES.get(words[1]):
        return []
    clause = _object(" ".join(words[2:]))[0]
    plural = next((i for i, w in enumerate(clause[:-1]) if w.endswith("s") and not w.endswith("ss")), None)
    measured = clause[: plural + 1] if plural is not None else clause[:-1] or clause
    return [*measured[:-1], as_modifier(measured[-1]), _DEGREES[words[1]]] if measured else []


def _object(rest: str) -> tuple[list[str], list[str], str]:
    """What a verb acts on, whose it is or what it is about, and the word between them ("members of
    the hiking club" → members, hiking club, "of"; "invitations to a birthday party" → invitations,
    birthday party, "to")."""
    rest = re.sub(r"\bside by side\b|(?<=\w)['’]s\b|\b(?:each|all|some|any|one|most|both)\s+of\b", "", rest)
    words = compound_words(rest)  # "children's", "each of our websites": the websites
    if asked := _degree_asked(words):  # "how fast each website loads": the website's speed
        return asked, [], ""
    while words and (words[0] in _SKIP or words[0] in ("which", "what", "whose", "how", "many", "much")):
        words = words[1:]  # "see which trains are late": the trains
    head: list[str] = []
    owner: list[str] = []
    link = ""
    for word in words:
        if (head or owner) and _PARTICIPLE.fullmatch(word):
            break  # "the birds seen in my garden": a clause on the object ends it
        if word in ("of", "at", "for", "to", "about") and head and not owner:
            owner.append("")
            link = word
            continue
        if word in _STOP_WORDS or word in _PRONOUNS - {"it", "one", "them", "me", "us"}:
            break  # "wines we have tasted": a clause on the object ends it
        if word in DETERMINERS and (owner[1:] if owner else head):
            break  # "the film the club watches": another noun phrase begins
        if word not in _SKIP:
            (owner if owner else head).append(word)
    return head[-3:], [w for w in owner if w][:3], link
