"""Words → typed fields: "cooking time" is a number of minutes, "due date" a date, "email" an
email address, "ingredients" text."""

from __future__ import annotations

import keyword
import re
from typing import Any

from pipeline.artifacts import Entity, EntityField, FieldType
from pipeline.safe_values import JS_RESERVED, RESERVED_FIELDS
from pipeline.templates import naming
from pipeline.templates.vocabulary import parse_field
from pipeline.templates.words import FIELD_WORDS, NOT_FIELDS, STOP


def field_from_words(item: str) -> EntityField | None:
    if item in NOT_FIELDS:
        return None
    if item in FIELD_WORDS:
        return parse_field(FIELD_WORDS[item])
    words = [w for w in item.split() if w not in STOP]
    if not words or len(words) > 3:
        return None
    if len(words) > 1 and words[-1] == "flag":  # "a watched flag": whether it was watched
        name = naming.identifier(" ".join(words[:-1]), fallback="field")
        return EntityField(name=name, type="boolean", label=naming.label(name))
    name = naming.identifier(" ".join(words), fallback="field")
    # typed by the words, not by the safe name: "date" is a date though it is named date_field
    words_name = naming.snake(" ".join(words))
    return EntityField(name=name, type=infer_type(words_name), label=naming.label(words_name))


_HOW_ADJECTIVE = {
    "hard": "difficulty:string", "difficult": "difficulty:string", "easy": "difficulty:string",
    "long": "duration_minutes:integer", "far": "distance:number", "fast": "speed:number",
    "good": "rating:integer", "well": "rating:integer", "old": "age:integer", "heavy": "weight:number",
    "tall": "height:number", "high": "height:number", "often": "frequency:string", "big": "size:string",
}  # fmt: skip
"""What "how hard it was", "how long it took"… ask for, named by the quality the adjective measures."""
_HOW = re.compile(r"^how\s+([a-z]+)(?:\s+([a-z ]+))?$")
_CLAUSE_START = {"i", "we", "you", "they", "he", "she", "it", "there", "did", "do", "does", "was", "were", "is",
                 "are", "have", "has", "had", "can", "could", "will", "would", "to"}  # fmt: skip


def question_field(item: str) -> EntityField | None:
    """The field a "how …" detail asks for: "how many players" is a count (``player_count``),
    "how much water" an amount (``water_amount``), "how hard it was" a short text named by what the
    adjective measures (``difficulty``; an adjective we have no noun for names it: "how spicy it
    was" is ``spicy``). Anything else ("how it went") is no field."""
    match = _HOW.match(" ".join(naming.ascii_words(item)))
    if match is None:
        return None
    word, rest = match[1], (match[2] or "").split()
    noun: list[str] = []
    for w in rest:  # "how many players we have": the noun, up to its clause
        if w in _CLAUSE_START:
            break
        noun.append(w)
    if word in ("many", "much"):
        if noun and noun != ["times"]:  # "how many times I played it": a count
            base = naming.snake(" ".join([*noun[:-1], naming.singularize(noun[-1])]))
            spec = (
                f"{base}_count:integer" if word == "many" else f"{naming.snake(' '.join(noun))}_amount:number"
            )
        else:
            spec = "count:integer" if word == "many" else "amount:number"
        return _safe(parse_field(spec))
    if noun or not rest or word in _CLAUSE_START:  # "how big a house", "how it went"
        return None
    spec = _HOW_ADJECTIVE.get(word, f"{word}:string")
    return _safe(parse_field(spec))


def _safe(field: EntityField) -> EntityField:
    field.name = naming.identifier(field.name, fallback="field")
    return field


def infer_type(name: str) -> FieldType:
    last = name.rsplit("_", 1)[-1]
    if name.startswith(("is_", "has_")) or last in {
        "done",
        "completed",
        "active",
        "published",
        "paid",
        "archived",
        "favorite",
        "favourite",
        "read",
        "watched",
    }:
        return "boolean"
    if last in {"date", "on", "deadline", "birthday", "day"} or name.startswith("date_"):  # "date of arrival"
        return "date"
    if last == "at" or name in {"start_time", "end_time"}:
        return "datetime"
    if name == "size":  # a size is a label (S, M, 42); "party size", "team size" are counts
        return "string"
    if last == "time" or last in {
        "minutes",
        "hours",
        "count",
        "quantity",
        "servings",
        "year",
        "age",
        "pages",
        "calories",
        "rating",
        "score",
        "level",
        "number",
        "reps",
        "sets",
        "size",
    }:
        return "integer"
    if last in {
        "price",
        "cost",
        "amount",
        "total",
        "budget",
        "salary",
        "value",
        "weight",
        "balance",
        "fee",
        "rate",
        "distance",
        "height",
    }:
        return "number"
    if last in {"email"}:
        return "email"
    if last in {"url", "link", "website"}:
        return "url"
    if last in {"tags", "labels", "keywords"}:
        return "tags"
    if last in {
        "description",
        "notes",
        "content",
        "body",
        "ingredients",
        "instructions",
        "bio",
        "summary",
        "comments",
        "details",
        "steps",
    }:
        return "text"
    return "string"


def names_things(item: str) -> bool:
    words = item.split()
    last = words[-1]
    return 1 <= len(words) <= 2 and last not in STOP and naming.singularize(last) != last and len(last) > 3


def has_type(entity: Entity, ftype: str, hint: str) -> bool:
    return any(f.type == ftype and hint in f.name for f in entity.fields)


_SHADOWING = frozenset({"bool", "int", "float", "str", "list", "dict"})
"""Built-in types a generated model annotates with (``list``, ``str``, ``int``…): a field of that
name would shadow its own type in the class body. ``date`` and ``datetime`` are safe: the
generated models annotate with their aliases (``Date``, ``DateTime``)."""


def renamed_field(name: str) -> str | None:
    """A model's field name made safe in every language the app is written in: a keyword or
    reserved word gets a trailing underscore (``class`` → ``class_``, ``type`` → ``type_``), as
    PEP 8 does; ``id`` and ``created_at``, which every record has, give None (left out)."""
    if name in RESERVED_FIELDS:
        return None
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in JS_RESERVED or name in _SHADOWING:
        return name + "_"
    return name


def with_safe_field_names(raw: Any) -> Any:
    """A model's entity (raw JSON) with its field names made safe (``renamed_field``), labels kept
    in the user's words, so an entity is never lost for a natural field name."""
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list):
        return raw
    renames: dict[str, str] = {}
    fields = []
    for f in raw["fields"]:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            fields.append(f)
            continue
        new = renamed_field(f["name"])
        if new is None:
            continue
        if new != f["name"]:
            renames[f["name"]] = new
            f = {**f, "name": new, "label": f.get("label") or naming.label(f["name"])}
        fields.append(f)
    title = raw.get("title_field")
    return {
        **raw,
        "fields": fields,
        "title_field": renames.get(title, title) if isinstance(title, str) else title,
    }


def entity_of(name: str, fields: list[EntityField], title: str) -> Entity:
    """An entity named ``name`` with its plural and labels made from the name (the plural never a
    reserved word) and ``title`` as the field that names a record."""
    plural = naming.identifier(naming.pluralize(name), fallback="records")
    return Entity(
        name=name,
        plural=plural,
        label=naming.label(name),
        plural_label=naming.label(plural),
        fields=fields,
        title_field=title,
    )
