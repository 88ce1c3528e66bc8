"""Words → names: singular/plural, identifiers, labels, slugs. Pure and deterministic."""

from __future__ import annotations

import keyword
import re
import unicodedata

from pipeline.safe_values import JS_RESERVED, RESERVED_FIELDS

_IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "series": "series",
    "species": "species",
    "news": "news",
    "fish": "fish",
    "sheep": "sheep",
    "deer": "deer",
    "data": "data",
    "quiz": "quizzes",
    "status": "statuses",
    "analysis": "analyses",
    "bus": "buses",
    "gas": "gases",
}
_IRREGULAR_SINGULARS = {plural: singular for singular, plural in _IRREGULAR_PLURALS.items()}
_F_PLURALS = {
    "knives": "knife", "wives": "wife", "lives": "life", "leaves": "leaf", "wolves": "wolf", "halves": "half",
    "shelves": "shelf", "loaves": "loaf", "calves": "calf", "thieves": "thief", "scarves": "scarf", "selves": "self",
}  # fmt: skip
_SINGULAR_ENDINGS_KEPT = ("ss", "us", "is", "ics")

# Names that would clash with the generated code's own modules, Python, or JavaScript.
_RESERVED = set(keyword.kwlist) | {
    "app", "db", "main", "models", "schemas", "routes", "tests", "api", "config", "index", "default",
    "function", "var", "let", "const", "new", "delete", "this", "switch", "case", "export", "import",
    "type", "object", "list", "dict", "str", "int", "float", "bool", "id", "self", "date", "datetime",
    "table", "select", "where", "order_by", "group", "user_defined",
} | set(keyword.softkwlist) | JS_RESERVED | RESERVED_FIELDS  # fmt: skip


def pluralize(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if "_" in word:
        head, _, tail = word.rpartition("_")
        return f"{head}_{pluralize(tail)}"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    irregular_f = {singular: plural for plural, singular in _F_PLURALS.items()}
    if word in irregular_f:
        return irregular_f[word]
    return word + "s"


def singularize(word: str) -> str:
    if word in _IRREGULAR_SINGULARS:
        return _IRREGULAR_SINGULARS[word]
    if word in _IRREGULAR_PLURALS:
        return word
    if "_" in word:
        head, _, tail = word.rpartition("_")
        return f"{head}_{singularize(tail)}"
    if word.endswith(_SINGULAR_ENDINGS_KEPT) or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word in _F_PLURALS:
        return _F_PLURALS[word]
    if re.search(r"(?:ss|x|zz|[^aeiou]z|ch|sh)es$", word):  # a vowel before one z: sizes, prizes
        return word[:-2]
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` (accents folded, everything else a separator)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", folded.lower())


def snake(text: str) -> str:
    return "_".join(ascii_words(text))


def identifier(text: str, *, fallback: str = "item") -> str:
    """A lower snake-case identifier safe in Python, JavaScript and SQL."""
    name = snake(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED:
        name = f"{name}_{fallback}" if name != fallback else f"{name}_entry"
    return name[:40].rstrip("_")


def label(name: str) -> str:
    """``due_date`` → ``Due date``; ``book_loan`` → ``Book loan``."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def title_case(text: str) -> str:
    small = {"a", "an", "and", "of", "the", "for", "to", "in", "on", "with", "de", "du", "la", "von", "van"}
    words = text.split()
    # each part of a hyphenated compound is capitalised: "Thank-You Card"
    capitalised = (
        "-".join(p if j and p in small else p[:1].upper() + p[1:] for j, p in enumerate(w.split("-")))
        for w in words
    )  # "Five-a-Side": a small word inside a compound stays small
    return " ".join(
        w if (i and w in small) else c for i, (w, c) in enumerate(zip(words, capitalised, strict=True))
    )


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def camel(name: str) -> str:
    p = pascal(name)
    return p[:1].lower() + p[1:]


def kebab(name: str) -> str:
    return name.replace("_", "-")


def slugify(text: str, *, max_len: int = 48) -> str:
    slug = "-".join(ascii_words(text))[:max_len].strip("-")
    return slug or "app"
