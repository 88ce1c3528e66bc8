"""What an offline app is called and how it is summed up: from the domain the request names,
never from the words around it ("please implement a website for", "build me", "I want an app
that", "create a platform where").
"""

from __future__ import annotations

import itertools
import re

from pipeline.artifacts import Entity
from pipeline.templates import naming
from pipeline.templates.lead_in import after_lead_in
from pipeline.templates.name_checks import appositive_name, tidied, unsound, wh_named, with_occasion
from pipeline.templates.noun_phrases import (
    COLLECTIONS,
    DETERMINERS,
    GENERIC_OBJECTS,
    GROUPS,
    PARTICLES,
    PEOPLE,
    SKIP,
    as_modifier,
    compound_words,
    noun_phrase_in,
    object_of,
    reads_as_name,
    wh_topic,
    without_dangling,
    without_users,
)
from pipeline.templates.request_shapes import (
    fronted_purpose,
    gerund,
    people_doing,
    two_sided,
    whole_proper_name,
    wished_part,
)
from pipeline.templates.subject import ACTIONS, SOFT_LEAD, base_form, clause_subject, verb_subject
from pipeline.templates.vocabulary import Kind
from pipeline.templates.words import APP_WORDS, CALLED, STOP

_CUT = re.compile(
    r"\s*(?:\b(?:that|which|where|who|with|to|and|so|using|in|on|featuring|including|plus|by|from|"
    r"like|via|whose|of|against|between|versus|vs|when|if|until|at|keeps?|lets|allows|helps|connects|gives|"
    r"every|each|through|without|into|among)\b"
    r"|(?<=\w\s)(?:can|could|will|would|may|might|shall|should|must|has|have|had|is|are|was|were)\b"  # who
    r"|(?<=\w\s)(?:i|you|we|they|he|she)\s+\w+"  # "films I want to watch": what, before a clause on it
    r"|[,.;:!?(]|(?<=\s)[-\u2013\u2014]+(?=\s)).*$",  # a dash between words ends the phrase too
    re.IGNORECASE,
)

_COLLECTION_OF = re.compile(
    r"\b(library|collection|catalog(?:ue)?|list|archive|database|directory|shop|store|school|club|studio|salon|"
    r"museum|festival|market)\s+of\s+(?:the\s+|my\s+|our\s+)?(.*)",
    re.IGNORECASE | re.DOTALL,
)
""""a library of ringtones" is about ringtones: "ringtone library"; "a shop of flowers" a flower shop."""
_LIKE = re.compile(r"\b([A-Z]\w+)-like\s+(\w+)")
"""A thing named after the one it resembles: "a Monopoly-like board" is a Monopoly board."""
_LISTED = re.compile(
    r"^\s*[-*\u2022]\s*[\w' ]+(?:\s[-*\u2022+]\s*[\w' ]+){2,}\s*(?:[-\u2013\u2014:,]+\s*for\s+(?P<whose>[^.!?]+))?\W*$"
)
"""A request that is only a list of things, and maybe whose they are: its name is whose, else its kind's."""
_ANYONES = re.compile(r"\b(an?)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)['’]s\s+(?=[a-z])", re.IGNORECASE)
"""Whose a thing is when that is anyone's: "a restaurant's wine cellar" is a wine cellar."""
_GENERIC_HEADS = {"countdown", "leaderboard", "marketplace", "market", "exchange", "booking", "bookings",
                  "dashboard", "board", "hub", "forum", "tracker", "timer", "calendar", "portal", "directory",
                  "table"}  # fmt: skip
"""Heads that say what sort of app, not what about: named with their complement when they have one."""
_AFTER_COMMANDS = {"me", "us", "a", "an", "the", "my", "our", "your", "on", "for", "to", "with", "up", "out", "off",
                   "how", "what", "which", "whether", "if"}  # fmt: skip
"""What follows a command at the start of a request: its object, preposition or wh-clause ("Bid on …")."""
_OVERVIEWS = {"dashboard", "overview", "summary", "report", "map", "chart", "timeline", "feed"}
"""Software that shows something: named by what it shows ("a map of dog parks" → "dog park map")."""
_PRONOUN = re.compile(r"\s*(?:them|it|us|me|you|him|her|this|that|those|these)\b", re.IGNORECASE)
_DOING = {
    "visualize",
    "visualizes",
    "visualise",
    "visualises",
    "chart",
    "charts",
    "graph",
    "graphs",
    "plot",
    "plots",
    "convert",
    "calculate",
    "compute",
    "roll",
    "play",
    "generate",
    "count",
    "time",
    "measure",
    "estimate",
    "solve",
    "guess",
}
"""A phrase that starts by doing ("convert miles to km") describes the tool, not its name."""
_ACTIVITY = {
    "tracking": "tracker",
    "planning": "planner",
    "scheduling": "scheduler",
    "logging": "log",
    "management": "",
    "organizing": "organizer",
    "organising": "organiser",
    "budgeting": "budget",
}
_AGENT_NOUNS = {
    "converts": "converter", "calculates": "calculator", "generates": "generator", "translates": "translator",
    "tracks": "tracker", "counts": "counter", "schedules": "scheduler", "plans": "planner",
    "organizes": "organizer", "organises": "organiser", "manages": "manager", "logs": "log",
    "compares": "comparer", "finds": "finder", "reminds": "reminder", "splits": "splitter",
    "times": "timer", "measures": "meter", "rolls": "roller", "quizzes": "quiz",
}  # fmt: skip
_BOILERPLATE = {
    "implement", "build", "create", "make", "develop", "design", "website", "web", "app", "application",
    "platform", "portal", "tool", "system", "site", "please", "want", "need", "help", "code", "write",
    "generate", "software", "program", "page", "simple", "basic", "full", "stack", "fullstack",
}  # fmt: skip


def _content(text: str) -> list[str]:
    words = [w for w in compound_words(_CUT.sub("", text)) if w not in _BOILERPLATE]  # "family-run"
    while words and words[0] in STOP and words[0] not in APP_WORDS:
        words = words[1:]
    return words


def domain_phrase(text: str) -> str:
    """The domain phrase, a proper name in it kept whole ("New Year countdown")."""
    return whole_proper_name(text, _domain(text))


def _domain(text: str) -> str:
    """The words that name what the app is about: "a local bakery that lists breads" → "local
    bakery", "a portfolio site for a wedding photographer" → "wedding photographer portfolio",
    "a tool that converts currencies" → "currency converter"; "" when it names nothing."""
    text = re.sub(r"\bkeep(s|ing)?\s+tabs\s+on\b", r"keep\1 track of", text, flags=re.IGNORECASE)  # one idiom
    text = re.sub(r"\bto[\s-]do\b", "todo", text, flags=re.IGNORECASE)  # "to-do" is one word, not "to" + "do"
    text = re.sub(r"\bcount(?:ing)?\s*down\s+(?=to\b)", "a countdown ", text, flags=re.IGNORECASE)  # its noun
    text = _ANYONES.sub(_without_anyones, text)  # "a bar's karaoke night" is a karaoke night
    text = re.sub(r"(?<=\w)['’]s\b", "", text)  # "my dog's vet visits": the dog's, one word
    if listed := _LISTED.match(text):  # "- members - dues - events -- for our radio club": whose list
        return " ".join(object_of(listed["whose"])) if listed["whose"] else ""
    resembled = _LIKE.search(text)
    if resembled and resembled[2].lower() not in _BOILERPLATE:  # "a Monopoly-like board" → "monopoly board"
        return f"{resembled[1].lower()} {resembled[2].lower()}"
    # "allows librarians to lend books"; "a website where employees can cast their votes on …"
    text = wished_part(text.strip())  # "…, so we want a platform where …": the wish
    if purpose := fronted_purpose(text):  # "For our science fair we need …"
        return purpose
    soft = SOFT_LEAD.sub("", text)
    led = after_lead_in(text)
    acted = two_sided(led)  # "connect dog owners with dog sitters"
    if not acted and not _after_determiner(text, soft):  # "a book club app": "book" is a noun there
        acted = verb_subject(soft)
    verb = _verb_before(text, led)
    if not acted and verb:  # "an app that tracks water", "a way for the team to book rooms": its verb
        acted = verb_subject(f"{verb} {led}")
    first = naming.ascii_words(led)[:1]
    if not acted and first and first[0] not in _DOING and not _after_determiner(text, led):
        acted = verb_subject(led)  # a tool's verb ("convert miles to km") names the tool, not a subject
    if not acted and _infinitive_follows(text, led):  # "Help me remember birthdays": a verb we do not know
        done = list(itertools.dropwhile(lambda w: w in PARTICLES, naming.ascii_words(led)[1:]))  # "sort out"
        acted = " ".join(wh_topic(done) or object_of(" ".join(done))) or None
    done_by_us = re.match(r"what\s+(?:i|we)\s+(\w+)", led, re.IGNORECASE)
    if not acted and done_by_us and ACTIONS.get(done_by_us[1].lower()):  # "track what I lend": lending
        acted = f"{ACTIONS[done_by_us[1].lower()]}{' tracker' if 'track' in _said(text, led) else ''}"
    if not acted:  # "musicians looking for bands": what they do
        acted = people_doing(led)
    if not acted:  # "where students book time slots", "where a vet keeps pet records"
        acted = clause_subject(led)
    if acted:  # "allows librarians to lend books" → "book lending"
        return acted
    core = _COLLECTION_OF.sub(_collected, _after_lead_in(text.strip()))
    head, sep, tail = core.partition(" for ")
    words = _content(head)
    generic = len(words) == 2 and words[-1] in _GENERIC_HEADS  # "a job board for nurses": whose board
    tail = re.split(r"[:;]", tail)[0]  # "for our website: visits and sign-ups": whose ends at the colon
    if sep and (len(words) <= 1 or generic) and not _CUT.search(head) and not _PRONOUN.match(tail):
        # "a portfolio for a wedding photographer": whose, then what
        # "a diary for people who suffer from migraines": what anyone does; "squash players who …" say whose
        anyone = compound_words(after_lead_in(tail))[:1]
        doing = people_doing(after_lead_in(tail)) if anyone and anyone[0] in PEOPLE else None
        whose = (
            [*doing.split()[:-1], as_modifier(doing.split()[-1])]
            if doing
            else _content(after_lead_in(tail))[:3]
        )
        whose = whose if words[-1:] and words[-1] in GROUPS else without_users(whose)
        whose = [*whose[:-1], as_modifier(whose[-1])] if whose and words else whose  # a noun before a noun
        words = [*whose, *(words if generic else words[-1:])]
        words = [w for i, w in enumerate(words) if not i or w != words[i - 1]]  # "league league table"
    if len(words) >= 2 and words[0] in _AGENT_NOUNS:  # "converts currencies" → "currency converter"
        words = [*(naming.singularize(w) for w in words[1:3]), _AGENT_NOUNS[words[0]]]
    words = without_dangling(words[:4])
    if len(words) > 2 and words[-1] in PEOPLE:  # "chess club members": the club ("dog owners" stays)
        words = words[:-1]
    if words and all(w in _GENERIC_HEADS for w in words):  # "a countdown to my wedding" → "wedding countdown"
        words = [*_complement(core, words[-1]), *words]
    if len(words) > 1 and words[-1] in _ACTIVITY:  # "time tracking" → "time tracker"
        words[-1] = _ACTIVITY[words[-1]]
    return " ".join(w for w in words if w)


def _said(text: str, rest: str) -> list[str]:
    """The words of ``text`` before ``rest``, which ends it: what the lead-in took."""
    return naming.ascii_words(text[: max(0, len(text) - len(rest))])


def _verb_before(text: str, led: str) -> str:
    """The verb the lead-in ended in, as its base form ("tracks" → "track"): the lead-in takes the
    verbs it knows, but what follows them is still their object."""
    said = _said(text, led)
    while said and said[-1] in DETERMINERS - {"of", "that"}:  # "tracks my exercises"
        said.pop()
    word = said[-1] if said else ""
    return word if word in ACTIONS else base_form(word) if base_form(word) in ACTIONS else ""


def _infinitive_follows(text: str, led: str) -> bool:
    """The lead-in ends where a bare verb must follow ("help me", "let us", "an app to"), and the
    next word is no determiner, so it is that verb, known to us or not."""
    said = _said(text, led)
    first = naming.ascii_words(led)[:1]
    bare = said[-1:] == ["to"] or (said[-2:-1] in (["help"], ["let"]) and said[-1:] in (["me"], ["us"]))
    return bare and bool(first) and first[0] not in DETERMINERS | SKIP | _DOING


def _after_determiner(text: str, rest: str) -> bool:
    """A word after a determiner is a noun: "a book club", "my plant swap" (never "book", "plant")."""
    said = _said(text, rest)
    return bool(said) and said[-1] in DETERMINERS - {"of", "that"}


def _without_anyones(match: re.Match[str]) -> str:
    """ "a bar's " → "a "; a plural that names a sort of thing stays ("a children's hospital")."""
    owner = compound_words(match[2])
    if set(owner) & (STOP | PEOPLE) or owner[-1] in ("children", "men", "women", "people"):
        return match[0]
    return f"{match[1]} "


def _complement(text: str, head: str) -> list[str]:
    """What a generic head noun is of, for or about: "a countdown to my wedding" → wedding; "a
    marketplace where neighbours rent out power tools" → power tool rental; [] when nothing says."""
    after = re.search(rf"\b{head}\s+(?:(to|for|of|until|till|about)|where|in\s+which)\s+(.*)", text, re.I)
    if after is None:
        return []
    said = clause_subject(after[2]) if after[1] is None else " ".join(object_of(after[2]))
    words = (said or "").split()
    return [*words[:-1], as_modifier(words[-1])] if words else []


def _collected(match: re.Match[str]) -> str:
    """ "a catalogue of the vinyl records I own" → "vinyl record catalogue": what is collected,
    up to where the phrase about it ends."""
    collected = _CUT.sub("", match[2]).split()
    kept = list(itertools.takewhile(lambda w: w.lower() not in DETERMINERS, collected))[:3]  # "… my father"
    if not kept:
        return match[0]
    return " ".join([*kept[:-1], as_modifier(kept[-1]), match[1]])


def _after_lead_in(text: str) -> str:
    """The request after its lead-in, where "a dashboard of weekly sales" reads "weekly sales
    dashboard", "a map of dog parks" "dog park map" (what it shows is the domain), and "an app
    that draws lottery numbers" "lottery numbers" (after "that" comes the app's verb, whatever it is)."""
    led = after_lead_in(text)
    said = naming.ascii_words(text[: len(text) - len(led)])[-1:]  # the lead-in takes "dashboard"
    shows = re.match(r"(?:(\w+)\s+)?of\s+(.*)", led, re.IGNORECASE | re.DOTALL)
    overview = shows and ((shows[1] or "").lower() or (said[0] if said else ""))
    if shows and overview in _OVERVIEWS | COLLECTIONS:
        shown = re.split(r"\s+for\b", _CUT.sub("", shows[2]), flags=re.IGNORECASE)[0].split()
        while shown and shown[0].lower() in STOP:
            shown = shown[1:]
        # "the costumes our theatre owns": a determiner after the noun begins another phrase
        shown = list(itertools.takewhile(lambda w: w.lower() not in DETERMINERS, shown))
        shown = shown[:3]
        if shown and overview in COLLECTIONS:  # "a list of hiking trails" → "hiking trail list"
            shown[-1] = as_modifier(shown[-1].lower())
        if shown:
            return f"{' '.join(shown)} {overview}"
    verb = re.match(r"(\w+s)\s+(?:(?:me|you|us|them)\s+)?(?:(?:off|up|out|through)\s+)?(?=\w)", led, re.I)
    known = verb and (verb[1].lower() in _AGENT_NOUNS or verb[1].lower() in _DOING or _CUT.match(led))
    if said in (["that"], ["which"]) and verb and not known:
        topic = wh_topic(naming.ascii_words(led[verb.end() :]))  # "tells us when the bins go out"
        return " ".join(topic) if topic else led[verb.end() :]  # "asks trivia questions" → "trivia questions"
    return led


def app_name_for(text: str, kind: Kind | None, primary: Entity) -> str:
    """The app's name, its initialisms as the request writes them ("Wedding RSVP", not "Rsvp")."""
    capitals = {w.lower(): w for w in re.findall(r"\b[A-Z][A-Z0-9]+s?\b", text) if not text.isupper()}
    return " ".join(capitals.get(w.lower(), w) for w in _sound_name(text, kind, primary).split())


def _sound_name(text: str, kind: Kind | None, primary: Entity) -> str:
    """The name the request gives, else the one its words make, never a scrap or a command: then
    the kind's name, else the words after the command, else what the app keeps."""
    if (given := appositive_name(text)) and not CALLED.search(text):
        return given
    if CALLED.search(text):
        return _app_name(text, kind, primary)
    name = wh_named(text) or with_occasion(text, tidied(_app_name(text, kind, primary)))
    own = kind is not None and name.split()[:1] == kind.app_name.split()[:1]  # "Connect 4 Online"
    if not unsound(name) or own:  # "2048", "Connect Four": the kind's own name, not a command
        return name
    if naming.ascii_words(name) == naming.ascii_words(text):  # "123 456": the request is only the name
        return name
    rest = name.split()[1:]
    for fallback in (kind.app_name if kind else "", " ".join(rest), primary.plural_label):
        if fallback and not unsound(fallback):
            return naming.title_case(fallback)
    return name


def _app_name(text: str, kind: Kind | None, primary: Entity) -> str:
    called = CALLED.search(text)
    if called:
        return naming.title_case(called[1].strip())
    phrase = _named_phrase(text)
    bare = phrase in ACTIONS and naming.ascii_words(text)[:1] == [phrase]  # "vote": a verb, no noun
    if bare and not kind:  # the activity's noun, not the command: "Voting"
        return naming.title_case(gerund(phrase))
    if kind:
        # the kind's name when the request's words are only its thing ("todo" → "Todo List");
        # the request's own words when they say more ("Dental Clinic", "Yoga Studio")
        key = {naming.singularize(w) for w in kind.app_name.lower().split()}
        words = phrase.split()
        if (
            not words
            or bare
            or (len(words) == 1 and naming.singularize(words[0]) in key)
            or words[0] in _DOING
            or (len(words) == 1 and words[0] in GENERIC_OBJECTS)
        ):
            return kind.app_name
        return naming.title_case(phrase)
    return naming.title_case(phrase) if phrase else naming.title_case(primary.plural_label)


def _commands(first: str, second: str) -> bool:
    """A request opens with a command when its first word is a verb followed by its object or a
    preposition ("Remind me", "Bid on"); a noun followed by "with" names a thing ("Minesweeper with
    three boards"), so a preposition counts only after a verb we know."""
    if second in ("me", "us", "a", "an", "the", "my", "our", "your"):
        return True
    return second in _AFTER_COMMANDS and (first in ACTIONS or bool(base_form(first + "s")))


def _named_phrase(text: str) -> str:
    """The domain phrase when it reads as a name, else the noun phrase it starts with; "" when that
    is only the command the request opens with ("Remind me…" is never named "Remind")."""
    words = domain_phrase(text).split()
    opening = naming.ascii_words(text)[:2]  # a command is followed by its object or a wh-clause
    for candidate in (words, noun_phrase_in(words)):
        commanded = len(opening) > 1 and opening[:1] == candidate and _commands(*opening)
        if reads_as_name(candidate) and not commanded:
            return " ".join(candidate)
    return ""  # the next candidate: the kind's name, else what the app keeps
