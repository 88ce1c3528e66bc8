"""Words → typed fields: "cooking time" is a number of minutes, "due date" a date, "email" an
email address, "ingredients" text."""

from __future__ import annotations

from pipeline.artifacts import Entity, EntityField, FieldType
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
    name = naming.identifier(" ".join(words), fallback="field")
    return EntityField(name=name, type=infer_type(name), label=naming.label(name))


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
    if last in {"date", "on", "deadline", "birthday", "day"}:
        return "date"
    if last == "at" or name in {"start_time", "end_time"}:
        return "datetime"
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
