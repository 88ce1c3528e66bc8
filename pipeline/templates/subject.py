"""The subject of a request: the product's own name when it gives one ("Quillpad is a note-taking
app…"), the one who uses the software when that is a business ("allows a small clinic to…"), or
what its main verb acts on ("lend books" → "Book Lending", "compare laptops" → "Laptop
Comparison"). Grammar around the subject ("is a", "allows users to") is never part of a name.
"""

from __future__ import annotations

import re

from pipeline.templates import naming

_PRODUCT = re.compile(
    r"""^\W*(?P<name>[A-Z][\w'&.+-]*(?:\s+[A-Z][\w'&.+-]*){0,2})["”']?\s*
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
_DETERMINERS = {"the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "of", "this", "that"}
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
    words = naming.ascii_words(phrase)
    while words and words[0] in ("and", "or", "then"):
        words = words[1:]
    if (
        len(words) > 1
        and words[1] in (_DETERMINERS | _PARTICLES) - {"of", "in"}
        and (base := _gerund_base(words[0]))
    ):
        words = [base, *words[1:]]  # "renting out camping gear", "planning a wedding"; not "running club"
    group: list[str] = []
    enabled = bool(words) and words[0] in _ENABLERS
    if enabled:
        # an action word after "our", "the", "of" is a noun ("let the members of our book club vote")
        at = next(
            (
                i
                for i, w in enumerate(words[1:10], 1)
                if w == "to" or (w in ACTIONS and words[i - 1] not in _DETERMINERS)
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
        words = [w for w in words[2:5] if w not in _DETERMINERS] + words[5:]  # the group, then its verb
        group = words[: next((i for i, w in enumerate(words) if _is_verb(w)), 0)]
    for at in range(1, min(4, len(words) - 1)):
        who, verb = words[:at], words[at]
        addressed = who in (["you"], ["i"], ["we"])  # "you guess the word in six tries"
        if not addressed and set(who) & (_STOP_WORDS | _DETERMINERS | _AUXILIARIES | _PRONOUNS):
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
    dangling = _STOP_WORDS | _DETERMINERS | _AUXILIARIES | _PRONOUNS | _ENABLERS
    while words and words[-1] in dangling:
        words = words[:-1]
    return words


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


def _object(rest: str) -> tuple[list[str], list[str], str]:
    """What a verb acts on, whose it is or what it is about, and the word between them ("members of
    the hiking club" → members, hiking club, "of"; "invitations to a birthday party" → invitations,
    birthday party, "to")."""
    words = naming.ascii_words(re.sub(r"\bside by side\b|(?<=\w)['’]s\b", "", rest))  # "children's"
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
        if word in _DETERMINERS and (owner[1:] if owner else head):
            break  # "the film the club watches": another noun phrase begins
        if word not in _SKIP:
            (owner if owner else head).append(word)
    return head[-3:], [w for w in owner if w][:3], link
