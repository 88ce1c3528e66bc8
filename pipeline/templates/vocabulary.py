"""What the offline path knows about apps people ask for.

``NOUNS`` describes things a request may name (a book, a loan, an expense) as the fields a
person would expect them to have. A ``Kind`` is what the words of a request name: a known kind
of app, its name, its entities, its features; each kind's folder (``templates/kinds/<key>``)
holds its cues, and ``registry.KINDS`` has them all. Field specs are a compact notation:

    name:type!          required field            title:string!
    name:type[a|b|c]    choice among values       priority:string[low|medium|high]
    name:reference(x)   link to entity x          category_id:reference(category)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.artifacts import EntityField, FieldType

PLACEHOLDER = ["name:string!", "description:text", "category:string", "active:boolean"]
"""The fields of a thing the request named but did not describe, nor any kind knows."""

NOUNS: dict[str, list[str]] = {
    "todo": [
        "title:string!",
        "notes:text",
        "done:boolean",
        "due_date:date",
        "priority:string[low|medium|high]",
        "tags:tags",
    ],
    "task": [
        "title:string!",
        "description:text",
        "done:boolean",
        "due_date:date",
        "priority:string[low|medium|high]",
        "project_id:reference(project)",
    ],
    "recipe": [
        "title:string!",
        "description:text",
        "ingredients:text!",
        "instructions:text",
        "cooking_time:integer",
        "servings:integer",
        "tags:tags",
    ],
    "expense": [
        "description:string!",
        "amount:number!",
        "spent_on:date!",
        "category_id:reference(category)",
        "notes:text",
    ],
    "income": ["source:string!", "amount:number!", "received_on:date!", "notes:text"],
    "category": ["name:string!", "description:text"],
    "book": ["title:string!", "author:string!", "isbn:string", "published_year:integer", "genre:string"],
    "member": ["name:string!", "email:email!", "phone:string", "joined_on:date"],
    "player": ["name:string!", "nickname:string", "joined_on:date"],
    "participant": ["name:string!", "email:email", "group_name:string"],
    # a game's people: not "player", which every game already uses for the name a game stores
    "profile": ["name:string!", "nickname:string", "joined_on:date"],
    "conversion": ["label:string!", "value:number!", "from_unit:string!", "to_unit:string!", "notes:text"],
    "loan": [
        "book_id:reference(book)!",
        "member_id:reference(member)!",
        "loaned_on:date!",
        "due_date:date!",
        "returned:boolean",
    ],
    "note": ["title:string!", "content:text", "pinned:boolean", "tags:tags"],
    "post": [
        "title:string!",
        "body:text!",
        "author:string",
        "published:boolean",
        "published_on:date",
        "tags:tags",
    ],
    "comment": ["post_id:reference(post)!", "author:string!", "body:text!"],
    "reply": ["comment_id:reference(comment)!", "author:string!", "body:text!"],
    "contact": [
        "name:string!",
        "email:email",
        "phone:string",
        "company:string",
        "birthday:date",
        "notes:text",
    ],
    "product": [
        "name:string!",
        "sku:string",
        "price:number!",
        "quantity:integer!",
        "reorder_level:integer",
        "supplier_id:reference(supplier)",
    ],
    "supplier": ["name:string!", "email:email", "phone:string"],
    "customer": ["name:string!", "email:email", "phone:string", "company:string"],
    "deal": [
        "title:string!",
        "customer_id:reference(customer)!",
        "value:number",
        "stage:string[lead|qualified|proposal|won|lost]",
        "close_date:date",
    ],
    "order": [
        "customer_id:reference(customer)!",
        "ordered_on:date!",
        "total:number!",
        "status:string[pending|paid|shipped|delivered]",
    ],
    "bookmark": ["title:string!", "url:url!", "description:text", "tags:tags"],
    "habit": ["name:string!", "description:text", "frequency:string[daily|weekly|monthly]", "active:boolean"],
    "checkin": ["habit_id:reference(habit)!", "done_on:date!", "note:text"],
    "workout": [
        "name:string!",
        "performed_on:date!",
        "duration_minutes:integer",
        "calories:integer",
        "notes:text",
    ],
    "exercise": [
        "workout_id:reference(workout)!",
        "name:string!",
        "sets:integer",
        "reps:integer",
        "weight:number",
    ],
    "movie": [
        "title:string!",
        "director:string",
        "release_year:integer",
        "genre:string",
        "rating:integer",
        "watched:boolean",
    ],
    "event": [
        "title:string!",
        "starts_at:datetime!",
        "ends_at:datetime",
        "location:string",
        "description:text",
    ],
    "project": ["name:string!", "description:text", "status:string[planned|active|done]", "due_date:date"],
    "issue": [
        "title:string!",
        "description:text",
        "status:string[open|in_progress|closed]",
        "priority:string[low|medium|high]",
        "project_id:reference(project)",
        "assignee:string",
    ],
    "student": ["name:string!", "email:email", "enrolled_on:date"],
    "course": ["title:string!", "code:string!", "credits:integer"],
    "grade": [
        "student_id:reference(student)!",
        "course_id:reference(course)!",
        "score:number!",
        "graded_on:date",
    ],
    "employee": [
        "name:string!",
        "email:email!",
        "role:string",
        "department:string",
        "hired_on:date",
        "salary:number",
    ],
    "application": [
        "company:string!",
        "position:string!",
        "status:string[applied|interview|offer|rejected]",
        "applied_on:date",
        "salary:number",
        "notes:text",
    ],
    "journal_entry": [
        "title:string!",
        "content:text!",
        "mood:string[great|good|okay|bad]",
        "written_on:date!",
    ],
    "shopping_item": ["name:string!", "quantity:integer", "bought:boolean", "store:string"],
    "flashcard": ["front:string!", "back:text!", "deck:string", "learned:boolean"],
    "client": ["name:string!", "email:email", "company:string"],
    "invoice": [
        "number:string!",
        "client_id:reference(client)!",
        "amount:number!",
        "issued_on:date!",
        "due_date:date",
        "paid:boolean",
    ],
    "pet": ["name:string!", "species:string!", "breed:string", "birthday:date"],
    "vet_visit": ["pet_id:reference(pet)!", "visited_on:date!", "reason:string!", "cost:number"],
    "plant": [
        "name:string!",
        "species:string",
        "location:string",
        "last_watered:date",
        "water_every_days:integer",
    ],
    "playlist": ["name:string!", "description:text"],
    "song": [
        "title:string!",
        "artist:string!",
        "album:string",
        "duration_seconds:integer",
        "playlist_id:reference(playlist)",
    ],
    "trip": ["destination:string!", "starts_on:date!", "ends_on:date", "budget:number", "notes:text"],
    "meal": [
        "name:string!",
        "meal_type:string[breakfast|lunch|dinner|snack]",
        "planned_on:date!",
        "calories:integer",
    ],
    "time_entry": [
        "description:string!",
        "project:string",
        "started_at:datetime!",
        "minutes:integer!",
        "billable:boolean",
    ],
    "room": ["number:string!", "room_type:string[single|double|suite]", "price_per_night:number!"],
    "booking": ["room_id:reference(room)!", "guest_name:string!", "check_in:date!", "check_out:date!"],
    "menu_item": [
        "name:string!",
        "price:number!",
        "description:text",
        "course:string[starter|main|dessert|drink]",
        "available:boolean",
    ],
    "vehicle": ["make:string!", "model:string!", "year:integer", "mileage:integer", "plate:string"],
    "service_record": [
        "vehicle_id:reference(vehicle)!",
        "serviced_on:date!",
        "description:string!",
        "cost:number",
    ],
    "patient": ["name:string!", "birthday:date", "phone:string"],
    "appointment": [
        "patient_id:reference(patient)!",
        "scheduled_at:datetime!",
        "reason:string",
        "status:string[scheduled|done|cancelled]",
    ],
    "sale": [
        "item:string!",
        "amount:number!",
        "sold_on:date!",
        "category:string",
        "region:string",
        "status:string[pending|paid|refunded]",
    ],
    "resource": ["name:string!", "description:text", "location:string", "capacity:integer"],
    "message": ["name:string!", "email:email!", "body:text!"],
    "goal": ["title:string!", "description:text", "target_date:date", "progress:integer", "achieved:boolean"],
}

# Other words a request uses for a noun above.
SYNONYMS: dict[str, str] = {
    "to_do": "todo", "todos": "todo", "chore": "todo", "errand": "todo", "ticket": "issue", "bug": "issue",
    "spending": "expense", "purchase": "expense", "transaction": "expense", "borrower": "member",
    "patron": "member", "borrowing": "loan", "checkout": "loan", "article": "post", "entry": "journal_entry",
    "diary": "journal_entry", "card": "flashcard", "staff": "employee", "item": "product", "film": "movie",
    "meeting": "event", "dish": "menu_item", "car": "vehicle", "track": "song", "grocery": "shopping_item",
    "visit": "vet_visit", "replies": "reply", "answer": "reply", "lead": "customer", "job": "application",
    "member_of": "member", "categories": "category", "workout_session": "workout", "check_in": "checkin",
}  # fmt: skip


# Words that ask for charts and aggregates over whatever the app keeps.
DASHBOARD = re.compile(r"\b(dashboards?|analytics|charts?|graphs?|kpis?|visuali[sz](e|ation)s?)\b")


@dataclass(frozen=True)
class Kind:
    """A known kind of app: the words that name it and what it is made of."""

    key: str
    pattern: str
    app_name: str
    entities: tuple[str, ...]
    features: tuple[str, ...] = ()


_SPEC = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*):(?P<type>[a-z]+)(?:\((?P<ref>[a-z_]+)\))?(?:\[(?P<choices>[^\]]*)\])?(?P<req>!)?$"
)


def parse_field(spec: str) -> EntityField:
    match = _SPEC.match(spec)
    if not match:
        raise ValueError(f"bad field spec {spec!r}")
    ftype: FieldType = match["type"]  # type: ignore[assignment]
    choices = [c for c in (match["choices"] or "").split("|") if c]
    return EntityField(
        name=match["name"],
        type=ftype,
        required=bool(match["req"]),
        references=match["ref"],
        choices=choices,
        label=_field_label(match["name"], ftype),
    )


def _field_label(name: str, ftype: str) -> str:
    base = name[:-3] if ftype == "reference" and name.endswith("_id") else name
    text = base.replace("_", " ")
    return text[:1].upper() + text[1:]


def canonical_noun(word: str) -> str | None:
    """The NOUNS key a word names, if any (``books`` → ``book``, ``diary`` → ``journal_entry``)."""
    from pipeline.templates.naming import singularize

    for candidate in (word, singularize(word)):
        if candidate in NOUNS:
            return candidate
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    return None
