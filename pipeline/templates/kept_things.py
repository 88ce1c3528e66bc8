"""The thing a plain list keeps, read by grammar when the request's subject gives only a scrap.

A request with no kind is named after its subject ("a coin collection" → coin). Casual requests
put other words there: a filler ("somewhere to write down…", "something like…"), a verb ("Kilnlog
keeps…", "spell words"), the people who keep the things ("a catalogue for record collectors") or
the business that does ("my dog walking business"). Those are never what the list keeps; the
thing kept is found where grammar puts it instead: the head of "each X has", the object of a
keeping verb ("keep track of warranties", "collectors add records"), the subject of "see which
walks are scheduled", or the complement of "but for camping spots".
"""

from __future__ import annotations

import re

from pipeline.templates import naming
from pipeline.templates.lead_in import LEAD_IN
from pipeline.templates.noun_phrases import PRONOUNS, as_modifier
from pipeline.templates.words import COLLECTIVE, SCRAP_WORDS, STOP

DETERMINERS = {"a", "an", "the", "my", "our", "their", "your", "his", "her", "its", "this", "that",
               "these", "those", "some", "all", "any", "each", "every"}  # fmt: skip
"""Words that point at a thing, never name one: they stay out of its name ("the scores" → score)."""

NOT_NOUNS = {"somewhere", "something", "anything", "everything", "someone", "anyone", "like", "so",
             "basically", "just", "really", "also", "maybe", "kinda", "sort", "what", "which", "how",
             "when", "who", "where", "why", "it", "them", "me", "us", "you", "i", "we", "stuff", "gotta",
             "wanna", "gonna", "lemme", *SCRAP_WORDS}  # fmt: skip
"""Fillers, adverbs, wh-words and pronouns: a name that starts with one is a scrap of the sentence."""

GERUNDS = {"tracking", "logging", "keeping", "recording", "saving", "storing", "collecting", "managing",
           "organising", "organizing", "writing", "listing", "noting", "jotting"}  # fmt: skip
"""A keeping verb's -ing form before its object ("tracking books i read"): the doing, not the thing."""

_SUBJECTS = {"i", "we", "you", "they", "he", "she"}
_PLACEHOLDER_THINGS = {"stuff", "things", "items"}

_KEEPS_PLURAL = {"sports", "arts", "glasses", "jeans", "mens", "womens", "physics", "clothes", "kids"}
"""Nouns said in the plural even before another noun ("sports club"): never singularised there."""

KEEPING_VERBS = ("keep track of", "keep tabs on", "write down", "note down", "jot down", "track", "log",
                 "record", "records", "add", "adds", "store", "save", "rate", "collect", "catalog",
                 "catalogue", "list", "lists", "enter", "predict", "announce", "schedule", "post",
                 "upload", "browse", "compare", "remember", "note")  # fmt: skip
"""Verbs whose object is the thing a list keeps."""

VERBS = {"keep", "keeps", "write", "jot", "add", "collect", "enter", "predict", "announce", "upload",
         "browse", "compare", "remember", "spell", "make", "get", "see", "find", "help", "let", "put",
         "manage", "organise", "organize", "catch", "click", "send", "choose", "join", "sell"}  # fmt: skip
"""Common verbs that are seldom nouns, which a subject phrase can start with ("spell words"): a verb
is never part of a thing's name. Verbs that are nouns as often ("record", "log", "post", "list",
"schedule", "play", "book") are left out: "a record" may be the thing kept."""

PEOPLE = {"collector", "gardener", "owner", "player", "user", "member", "customer", "client", "reader",
          "writer", "student", "teacher", "parent", "kid", "child", "people", "person", "friend", "fan",
          "lover", "enthusiast", "hobbyist", "beginner", "volunteer", "resident", "staff", "employee",
          "admin", "organiser", "organizer", "keeper", "manager", "worker", "baby"}  # fmt: skip
"""People who keep things: the list is of what they keep, not of them."""

BUSINESSES = {"business", "shelter", "service", "club", "association", "company", "shop", "studio",
              "agency", "team", "school", "clinic", "charity", "organisation", "organization", "society",
              "brigade", "league", "platform", "site", "website", "app", "tool", "software", "system",
              "companion", "assistant", "startup", "firm"}  # fmt: skip
"""The place or business that keeps things: named only when nothing it keeps is."""

_BOUNDARY = re.compile(
    r"\b(?:and|or|but|for|with|from|to|in|on|at|of|by|into|every|each|per|so|that|which|who|where|"
    r"when|while|until|like|instead|i|we|you|he|she|they|it|them|are|is|was|were|has|have|had|can|could|will|would)\b|[,.;:!?()]"
)
_EACH = re.compile(
    r"\b(?:each|every)\s+([a-z]+)(?:'s|\s+(?:has|have|had|was|is|gets|needs|comes|should|with)\b)"
)
_WHICH = re.compile(r"\b(?:see|show|know)\s+(?:which|what)\s+([a-z]+s)\s+(?:are|were)\b")
_IDIOM = re.compile(
    r"\b(?:keep|keeps|keeping|take|takes|taking)\s+(?:an?\s+)?(tabs?|track|eye|notes?)\s+(?:of|on)\b"
)
_GAME = re.compile(r"\b((?:[a-z'-]+\s+){1,4})game\b")
_EXAMPLES = re.compile(r"\b(?:like|such\s+as|e\.?g)\b")
_FOR = re.compile(r"\bbut\s+for\s+([^.;!?]+)")
_TRADE = re.compile(r"\b([a-z]+)\s+[a-z]+ing\s+(?:" + "|".join(sorted(BUSINESSES)) + r")\b")
_QUANTITY = re.compile(r"^\s*(?:a\s+)?(?:alot|lot|lots|loads|bunch|ton|tons|couple|few)\s+of\s+")
_VERB_OBJECT = re.compile(
    r"\b(?:" + "|".join(v.replace(" ", r"\s+") for v in KEEPING_VERBS) + r")\s+(?=([^.;!?]+))"
)


def is_scrap(name: str) -> bool:
    """True when a thing's name is a scrap of the sentence, not a noun for what is kept."""
    words = [w for w in name.split("_") if w not in DETERMINERS]
    if not words or any(w in SCRAP_WORDS or w.isdigit() for w in words):
        return True  # "somethin", "able", "12": a filler or a number names nothing kept
    if words[0] in NOT_NOUNS or (words[0] in VERBS and len(words) == 1):
        return True
    head = naming.singularize(words[-1])
    return head in PEOPLE or head in BUSINESSES


def kept_item(item: str, listed: str) -> bool:
    """True when an item of a list a request names is a thing it keeps: not a scrap, and not one of
    the examples of something else ("warranties for stuff i buy, like kettles and toasters")."""
    return not is_scrap(naming.snake(item)) and not _EXAMPLES.search(listed)


def cleaned_name(name: str) -> str:
    """A thing's name without the articles and the leading verb around it ("the_score" → score,
    "spell_word" → word); the name itself when nothing is left."""
    words = [w for w in name.split("_") if w not in DETERMINERS]
    while len(words) > 1 and (words[0] in SCRAP_WORDS or words[0] in GERUNDS or words[0].isdigit()):
        words = words[1:]  # "mostly just tracking books", "12 chickens eggs": what is kept follows
    if len(words) > 1 and (words[0] in VERBS or _unmarked_possessive(words[0])):
        words = words[1:]  # "babys feeds": the baby's feeds
    # a noun before another is singular ("chickens eggs" → chicken egg): the name is pluralised
    # once, at its end, so "Cleanups Events" never happens
    words = [w if w in _KEEPS_PLURAL else as_modifier(w) for w in words[:-1]] + words[-1:]
    return "_".join(words) or name


def kept_thing(lowered: str) -> str | None:
    """The thing a casual request keeps, by grammar; None when none of the patterns names one."""
    text = re.sub(r"(?<=[a-z])['’]s\b", "'s", lowered)
    for match in _EACH.finditer(text):  # "each houseplant was last watered", "each firing's temperature"
        if match[1] not in NOT_NOUNS and naming.singularize(match[1]) not in PEOPLE:
            return naming.identifier(naming.singularize(match[1]), fallback="item")
    for pattern in (_VERB_OBJECT, _WHICH, _FOR):
        for match in pattern.finditer(text):
            thing = _head_noun(match[1])
            if thing:
                return thing
    return None


def _unmarked_possessive(word: str) -> bool:
    """A person's possessive written without its apostrophe ("kids", "babys")."""
    return word.endswith("s") and naming.singularize(word) != word and naming.singularize(word) in PEOPLE


def _pointer(word: str) -> bool:
    """A determiner or a number: it says which or how many, never what ("my 3 cats")."""
    return word in DETERMINERS or word.isdigit()


def _head_noun(phrase: str) -> str | None:
    """The head of the noun phrase a phrase opens with, when it is a plural noun ("the kids heights
    every birthday" → height: an unmarked possessive before it is dropped); None otherwise."""
    phrase = _QUANTITY.sub("", phrase)  # "alot of books": the books
    cut = _BOUNDARY.search(phrase)
    words = [w for w in (phrase[: cut.start()] if cut else phrase).split() if not _pointer(w)]
    words = [w.removesuffix("'s") for w in words[:3]]
    if not words or any(w in NOT_NOUNS or w in VERBS for w in words):
        return None
    head = words[-1]
    if naming.singularize(head) == head or len(head) <= 3 or naming.singularize(head) in PEOPLE:
        return None  # a plural names the things kept (a singular is more often a mass word), people keep them
    modifiers = [w for w in words[:-1] if naming.singularize(w) == w][-1:]  # "kids heights": kids' heights
    if modifiers and naming.singularize(modifiers[0]) in PEOPLE:
        modifiers = []  # "the player scores": the scores, whoever they are of
    return naming.identifier(naming.singularize("_".join([*modifiers, head])), fallback="item")


def thing_or_kept(name: str, lowered: str) -> str:
    """The name a plain list's thing gets: ``name`` cleaned, or when it is a scrap the thing the
    request keeps (by grammar), else what a trade works on ("a document signing service" →
    document), else the cleaned scrap unless it holds a filler, a pronoun or a number (then record)."""
    cleaned = cleaned_name(name)
    if cleaned and _modifies_game(cleaned.split("_")[-1], lowered):
        return "game"  # "a poker game", "a two-player turn-based game": the games are what is kept
    idiom = _IDIOM.search(lowered)  # "keep tabs on warranties": the tabs are not kept
    if not is_scrap(cleaned) and not (idiom and naming.singularize(idiom[1]) == cleaned):
        return cleaned
    kept = kept_thing(lowered)
    if kept:
        return kept
    trade = _TRADE.search(lowered)  # "a document signing service" does things to documents
    if trade and trade[1] not in DETERMINERS | NOT_NOUNS:
        return naming.identifier(naming.singularize(trade[1]), fallback="item")
    words = cleaned.split("_")
    if words[0] in PRONOUNS or any(w in SCRAP_WORDS or w.isdigit() for w in words):
        return "record"  # "plz", "alot": a scrap names nothing, so the list keeps plain records
    return cleaned


def _modifies_game(word: str, lowered: str) -> bool:
    """True when ``word`` is among the words that say which game a request's game is."""
    return any(word in re.split(r"[\s-]+", match[1]) for match in _GAME.finditer(lowered))


def generic_entity_name(body: str) -> str:
    """The first run of content words of a request: what it is about when nothing else names it."""
    # what the request is about, not the words around it ("implement a website for a bakery")
    words = naming.ascii_words(LEAD_IN.sub("", body.strip())) or naming.ascii_words(body)
    run: list[str] = []
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        if word in _PLACEHOLDER_THINGS and after in _SUBJECTS and not run:
            return "item"  # "stuff i lend out": things a clause describes are items
        if word in STOP or word.isdigit() or (index and words[index - 1] in _SUBJECTS):
            if run:  # the word after "i", "we", "they" is their verb ("stuff i lend"), never a thing
                break
            continue
        run.append(word)
    run = [w for w in run[:3] if w not in COLLECTIVE][:2]
    if not run:
        return "item"
    run[-1] = naming.singularize(run[-1])
    return naming.identifier("_".join(run), fallback="item")
