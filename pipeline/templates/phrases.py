"""Where a list of fields ends, and which fields a thing already has.

A request lists a thing's fields as noun phrases ("with an amount, a date and a category") and
then goes on with verbs ("…, and shows monthly totals", "share it, and watch the results"). The
rules here read that grammar: a list item with an object after its verb is a verb phrase, and a
verb phrase ends the list (what follows it is said of the verb: "move it through open, in
progress and closed"). A field a thing already keeps under another name (a date beside
``spent_on``, a category beside ``category_id``) is the same field, not a second one.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipeline.artifacts import Entity, EntityField

_DETERMINERS = {"a", "an", "the", "its", "their", "his", "her", "my", "our", "your", "some", "every", "each"}
_OBJECT_PRONOUNS = {"it", "them", "him", "her", "me", "us", "one", "ones"}
_PREPOSITIONS = {"of", "for", "per", "in", "on", "with", "from", "to", "by", "at", "into", "over", "about"}
_PLURAL_ONLY = {"sales", "news", "goods", "clothes", "earnings", "savings", "sports", "series", "species"}
"""Nouns whose only form ends in -s: they modify other nouns ("sales region") as verbs do not."""
_VERBS_ONLY = {
    "send", "see", "browse", "invite", "recommend", "borrow", "lend", "assign", "register", "compare",
    "generate", "allow", "let", "give", "get", "choose", "edit", "delete", "remove", "add", "manage", "buy",
    "sell", "find", "keep", "take", "arrange", "convert",
}  # fmt: skip
"""Verbs that do not also name a thing, so one starting a phrase makes it a verb phrase ("send
messages"); verbs that also modify nouns ("start time", "upload date", "reserve price", "share
price") or name things ("post", "order", "record") are left to the structure ("post a job")."""
_SUBJECT_PRONOUNS = {"i", "we", "you", "they", "he", "she"}
_CONJUNCTION = re.compile(r"\s*(?:,\s*(?:and|or)\b|,|\band\b|\bor\b|&|/|\bplus\b)\s*")


def is_verb_phrase(item: str) -> bool:
    """ "share it", "watch the results", "buyers make an offer", "shows monthly totals", "send
    messages" are verb phrases; "an amount", "steps to reproduce", "hours per project", "number
    of the pages" are noun phrases."""
    words = re.findall(r"[a-z0-9']+", item.lower())
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if not words or words[0] == "whether":  # "whether I paid it": a yes or no
        return False
    if _SUBJECT_PRONOUNS & set(words[1:]):  # "the price we paid for it": a thing and a clause on it
        return False
    if len(words) > 1 and (words[-1] in _OBJECT_PRONOUNS or words[1] in _OBJECT_PRONOUNS - {"one"}):
        # "share it", "the seller accepts one", "move it through draft"
        return True
    if words[0] in _VERBS_ONLY and len(words) > 1:  # "send messages"
        return True
    for before, word in pairwise(words):
        if word in _DETERMINERS and before not in _PREPOSITIONS:  # "make an offer", "set its severity"
            return True
    first, second = words[0], words[1] if len(words) > 1 else ""
    # "shows monthly totals": a word in -s followed by its object; a plural noun rarely modifies
    # another ("steps to reproduce" and "hours per project" go on with a preposition), and a
    # participle after one says which ("hours worked", "pages read": so two words never count)
    return (
        len(words) > 2 and _third_person(first) and second not in _PREPOSITIONS and not second.endswith("ed")
    )


def _third_person(word: str) -> bool:
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ics"))
        and word not in _PLURAL_ONLY
    )


def list_part(chunk: str, *, verbs: bool = True) -> str:
    """The part of ``chunk`` that lists things: up to its first verb phrase (unless ``verbs`` is
    False: a list stated outright, "each X has A, B and C", is nouns), and up to the end of
    "A, B and C" (", and shows…" after it starts a clause of its own)."""
    parts = _CONJUNCTION.split(chunk)
    seps = _CONJUNCTION.findall(chunk)
    kept: list[str] = []
    joined = False
    for index, part in enumerate(parts):
        if verbs and part.strip() and is_verb_phrase(part):
            break
        kept.append(part)
        sep = seps[index] if index < len(seps) else ""
        if joined and re.match(r"\s*,\s*(?:and|or)\b", sep):  # "A, B and C, and …": the list ended at C
            break
        joined = joined or bool(re.search(r"\band\b|\bor\b", sep) and part.strip())
        if index < len(seps):
            kept.append(sep)
    return "".join(kept).strip(" ,")


def already_kept(entity: Entity, field: EntityField) -> bool:
    """Whether ``entity`` keeps ``field`` under another name: ``category`` beside ``category_id``,
    a bare date beside the thing's own date (``spent_on``), ``hire_date`` beside ``hired_on``."""
    names = {f.name for f in entity.fields}
    base = field.name.removesuffix("_field")
    if base in names or f"{base}_id" in names or base.rstrip("s") in names or f"{base}s" in names:
        return True
    if base in ("time", "duration") and any(n.startswith("duration") for n in names):  # a run's time
        return True
    if field.type not in ("date", "datetime"):
        return False
    dates = [f.name for f in entity.fields if f.type in ("date", "datetime")]
    stem = re.sub(r"_?(?:date|day|on|at|time)$|^date_?", "", base)
    if not stem:  # "a date": the thing's own date is it
        return bool(dates)
    roots = {_root(w) for w in stem.split("_")}
    return any(roots & {_root(w) for w in re.sub(r"_(?:on|at|date)$", "", d).split("_")} for d in dates)


def _root(word: str) -> str:
    """A word without its inflection: "hire", "hired" and "hiring" are "hir"; "starts" is "start"."""
    root = re.sub(r"(?:ing|ed|es|s|e)$", "", word)
    return root if len(root) >= 3 else word
