"""What a kind's own templates need from the plan: a site's sections, a dashboard's measures."""

from __future__ import annotations

import re
from typing import Any

from pipeline.artifacts import Entity, EntityField, Plan
from pipeline.templates.contract import sign_of
from pipeline.templates.escaping import Code
from pipeline.templates.kinds.board import board_words
from pipeline.templates.registry import blueprints_of

# The sections a brochure, portfolio or landing page may ask for, in the order a page shows them.
SECTION_TEXT: dict[str, str] = {
    "about": "Who we are and what we care about. Replace this with your own story.",
    "services": "What we offer, and for whom. List each service with a line about it.",
    "projects": "Work we are proud of: a few projects, each with a picture and a sentence.",
    "portfolio": "Selected work: a few pieces, each with a picture and a sentence.",
    "team": "The people behind it, with a photo and a line each.",
    "pricing": "Plans and prices, clearly laid out.",
    "testimonials": "What clients say about working with us.",
    "gallery": "Pictures of the work and the place.",
    "faq": "Answers to the questions people ask most.",
    "blog": "News and notes, newest first.",
    "contact": "Write to us: we answer within a working day.",
}
_TITLES = {"faq": "FAQ"}
SECTION_WORDS = re.compile(r"\b(" + "|".join(SECTION_TEXT) + r")\b")
DEFAULT_SECTIONS = ("about", "services", "contact")


def site_sections(request: str) -> list[str]:
    """The sections a request names (contact always last), or about, services and contact."""
    named = [s for s in dict.fromkeys(SECTION_WORDS.findall(request.lower())) if s != "contact"]
    return [*(named or DEFAULT_SECTIONS[:-1]), "contact"]


def _sections(plan: Plan) -> list[dict[str, Any]]:
    keys = [p.lower() for p in plan.pages if p.lower() in SECTION_TEXT] or list(DEFAULT_SECTIONS)
    about = plan.summary or SECTION_TEXT["about"]
    return [
        {
            "id": key,
            "title": _TITLES.get(key, key.title()),
            "text": about if key == "about" else SECTION_TEXT[key],
        }
        for key in keys
    ]


_DIMENSION_NAMES = {
    "category", "type", "genre", "department", "status", "location", "source", "channel", "region", "country",
    "city", "store", "project", "author", "assignee", "species", "role", "company", "stage", "course", "mood",
}  # fmt: skip


def _dashboard(plan: Plan, entity: Entity) -> dict[str, Any]:
    numbers = [f for f in entity.fields if f.type == "number"] + [
        f for f in entity.fields if f.type == "integer"
    ]
    dates = [f for f in entity.fields if f.type in ("date", "datetime")]
    by: list[dict[str, Code]] = []
    for field in entity.fields:
        target = plan.entity(field.references) if field.references else None
        if target is not None:
            by.append(
                {"name": Code(field.name), "table": Code(target.plural), "title": Code(target.title_field)}
            )
        elif (
            field.choices
            or field.type == "boolean"
            or (field.type == "string" and field.name in _DIMENSION_NAMES)
            or (field.type == "string" and field.name != entity.title_field and plan.kind == "dashboard")
        ):
            by.append({"name": Code(field.name), "table": Code(""), "title": Code("")})
    return {
        "entity": Code(entity.name),
        "table": Code(entity.plural),
        "label": entity.plural_label,
        "measure": Code(numbers[0].name if numbers else ""),
        "measures": tuple(f.name for f in numbers),
        "columns": [_column(f) for f in entity.fields if not f.references and f.type != "tags"],
        "date": Code(dates[0].name if dates else ""),
        "date_is_datetime": bool(dates) and dates[0].type == "datetime",
        "by": by,
        **_signed(entity),
    }


def _column(field: EntityField) -> dict[str, Any]:
    """A field a CSV row fills; the types the import checks, anything else is text."""
    kind = field.type if field.type in ("number", "integer", "date", "datetime", "boolean") else "string"
    return {
        "name": Code(field.name),
        "type": Code(kind),
        "required": field.required,
        "choices": tuple(field.choices or ()),
    }


def _signed(entity: Entity) -> dict[str, Any]:
    """Income and expenses in one table: the choice that says which subtracts from totals."""
    found = sign_of(entity)
    return {"sign": Code(found[0]), "negative": found[1]} if found else {"sign": None}


_SHARED = {
    "trip",
    "tour",
    "session",
    "class_session",
    "lesson",
    "workshop",
    "event",
    "ride",
    "route",
    "flight",
}
"""Things many people book at once (seats on a trip, places in a class); a room, a table or a court
is booked whole even when it says how many it holds."""


def booking_capacity(plan: Plan) -> str:
    """The booked thing's field that counts its seats, or "" when a booking takes all of it."""
    if plan.kind != "booking" or not plan.entities:
        return ""
    booked = plan.entities[0]
    for field in booked.fields:
        if field.type == "integer" and (
            field.name in ("seats", "places", "spots")
            or (field.name == "capacity" and booked.name in _SHARED)
        ):
            return field.name if booked.name != "table" else ""
    return ""


_PARTY = ("seats", "capacity", "places", "spots", "guests", "max_guests", "covers")
"""Fields of a thing booked whole that say how many people one booking may bring."""


def booking_party(plan: Plan) -> str:
    """The field of a thing booked whole that caps one booking's party (a table's seats), or ""
    when bookings share the thing (``booking_capacity``) or it says nothing of its size."""
    if plan.kind != "booking" or not plan.entities or booking_capacity(plan):
        return ""
    return next((f.name for f in plan.entities[0].fields if f.type == "integer" and f.name in _PARTY), "")


def blueprint_context(plan: Plan) -> dict[str, Any]:
    return {
        # the records are the owner's (a shop's catalogue, the rooms to book): see app/owner.py
        "owner": any(b.name == "owner" for b in blueprints_of(plan)),
        "sections": _sections(plan) if plan.kind == "site" else [],
        "dashboard": [_dashboard(plan, e) for e in plan.entities] if plan.kind == "dashboard" else [],
        "board": vars(board_words(plan.summary)) if plan.kind == "board" else {},
        "booking_capacity": booking_capacity(plan),
        "booking_party": booking_party(plan),
    }
