"""Request → AppSpec, asserted field by field for every kind of app the templates know."""

from __future__ import annotations

import pytest

from pipeline.artifacts import Plan
from pipeline.templates import extract_spec
from pipeline.templates.naming import pluralize, singularize, slugify


def shape(plan: Plan) -> dict[str, list[str]]:
    """entity → ["field:type", "field:type!" (required), "field:reference!->target", "field:string[a|b]"]."""
    out: dict[str, list[str]] = {}
    for entity in plan.entities:
        specs = []
        for f in entity.fields:
            spec = f"{f.name}:{f.type}{'!' if f.required else ''}"
            if f.references:
                spec += f"->{f.references}"
            if f.choices:
                spec += "[" + "|".join(f.choices) + "]"
            specs.append(spec)
        out[entity.name] = specs
    return out


CASES: list[tuple[str, str, dict[str, list[str]], set[str]]] = [
    (
        "build a todo app",
        "Todo List",
        {
            "todo": [
                "title:string!",
                "notes:text",
                "done:boolean",
                "due_date:date",
                "priority:string[low|medium|high]",
                "tags:tags",
            ]
        },
        {"completion_toggle", "due_dates", "tags", "search", "filtering"},
    ),
    (
        "make a recipe book where recipes have ingredients and cooking time",
        "Recipe Book",
        {
            "recipe": [
                "title:string!",
                "description:text",
                "ingredients:text!",
                "instructions:text",
                "cooking_time:integer",
                "servings:integer",
                "tags:tags",
            ]
        },
        {"search", "tags"},
    ),
    (
        "expense tracker with categories and monthly totals",
        "Expense Tracker",
        {
            "expense": [
                "description:string!",
                "amount:number!",
                "spent_on:date!",
                "category_id:reference->category",
                "notes:text",
            ],
            "category": ["name:string!", "description:text"],
        },
        {"monthly_totals", "relations", "filtering", "search"},
    ),
    (
        "a library system to track books, members and loans",
        "Library",
        {
            "book": [
                "title:string!",
                "author:string!",
                "isbn:string",
                "published_year:integer",
                "genre:string",
            ],
            "member": ["name:string!", "email:email!", "phone:string", "joined_on:date"],
            "loan": [
                "book_id:reference!->book",
                "member_id:reference!->member",
                "loaned_on:date!",
                "due_date:date!",
                "returned:boolean",
            ],
        },
        {"relations", "due_dates", "filtering"},
    ),
    (
        "a blog with posts and comments",
        "Blog",
        {
            "post": [
                "title:string!",
                "body:text!",
                "author:string",
                "published:boolean",
                "published_on:date",
                "tags:tags",
            ],
            "comment": ["post_id:reference!->post", "author:string!", "body:text!"],
        },
        {"relations", "tags"},
    ),
    (
        "an address book for my contacts",
        "Address Book",
        {
            "contact": [
                "name:string!",
                "email:email",
                "phone:string",
                "company:string",
                "birthday:date",
                "notes:text",
            ]
        },
        {"search"},
    ),
    (
        "inventory management for a small warehouse with products and suppliers",
        "Inventory",
        {
            "product": [
                "name:string!",
                "sku:string",
                "price:number!",
                "quantity:integer!",
                "reorder_level:integer",
                "supplier_id:reference->supplier",
            ],
            "supplier": ["name:string!", "email:email", "phone:string"],
        },
        {"relations"},
    ),
    (
        "a CRM to track customers and deals",
        "CRM",
        {
            "customer": ["name:string!", "email:email", "phone:string", "company:string"],
            "deal": [
                "title:string!",
                "customer_id:reference!->customer",
                "value:number",
                "stage:string[lead|qualified|proposal|won|lost]",
                "close_date:date",
            ],
        },
        {"relations", "filtering"},
    ),
    (
        "a habit tracker",
        "Habit Tracker",
        {
            "habit": [
                "name:string!",
                "description:text",
                "frequency:string[daily|weekly|monthly]",
                "active:boolean",
            ],
            "checkin": ["habit_id:reference!->habit", "done_on:date!", "note:text"],
        },
        {"completion_toggle", "relations"},
    ),
    (
        "workout log for the gym",
        "Workout Log",
        {
            "workout": [
                "name:string!",
                "performed_on:date!",
                "duration_minutes:integer",
                "calories:integer",
                "notes:text",
            ],
            "exercise": [
                "workout_id:reference!->workout",
                "name:string!",
                "sets:integer",
                "reps:integer",
                "weight:number",
            ],
        },
        {"relations"},
    ),
    (
        "a movie watchlist with ratings",
        "Movie Watchlist",
        {
            "movie": [
                "title:string!",
                "director:string",
                "release_year:integer",
                "genre:string",
                "rating:integer",
                "watched:boolean",
            ]
        },
        {"completion_toggle"},
    ),
    (
        "an events calendar",
        "Events Calendar",
        {
            "event": [
                "title:string!",
                "starts_at:datetime!",
                "ends_at:datetime",
                "location:string",
                "description:text",
            ]
        },
        {"search"},
    ),
    (
        "a bug tracker for my projects",
        "Bug Tracker",
        {
            "project": [
                "name:string!",
                "description:text",
                "status:string[planned|active|done]",
                "due_date:date",
            ],
            "issue": [
                "title:string!",
                "description:text",
                "status:string[open|in_progress|closed]",
                "priority:string[low|medium|high]",
                "project_id:reference->project",
                "assignee:string",
            ],
        },
        {"relations", "filtering"},
    ),
    (
        "a school app to manage students, courses and grades",
        "School",
        {
            "student": ["name:string!", "email:email", "enrolled_on:date"],
            "course": ["title:string!", "code:string!", "credits:integer"],
            "grade": [
                "student_id:reference!->student",
                "course_id:reference!->course",
                "score:number!",
                "graded_on:date",
            ],
        },
        {"relations"},
    ),
    (
        "a job application tracker",
        "Job Tracker",
        {
            "application": [
                "company:string!",
                "position:string!",
                "status:string[applied|interview|offer|rejected]",
                "applied_on:date",
                "salary:number",
                "notes:text",
            ]
        },
        {"filtering"},
    ),
    (
        "a personal journal",
        "Journal",
        {
            "journal_entry": [
                "title:string!",
                "content:text!",
                "mood:string[great|good|okay|bad]",
                "written_on:date!",
            ]
        },
        {"search"},
    ),
    (
        "a grocery shopping list",
        "Grocery Shopping List",
        {"shopping_item": ["name:string!", "quantity:integer", "bought:boolean", "store:string"]},
        {"completion_toggle"},
    ),
    (
        "invoice manager for freelancers",
        "Invoice Manager",
        {
            "client": ["name:string!", "email:email", "company:string"],
            "invoice": [
                "number:string!",
                "client_id:reference!->client",
                "amount:number!",
                "issued_on:date!",
                "due_date:date",
                "paid:boolean",
            ],
        },
        {"monthly_totals", "relations"},
    ),
    (
        "a notes app with tags",
        "Notes",
        {"note": ["title:string!", "content:text", "pinned:boolean", "tags:tags"]},
        {"tags"},
    ),
    (
        "bookmark manager",
        "Bookmark Manager",
        {"bookmark": ["title:string!", "url:url!", "description:text", "tags:tags"]},
        {"tags"},
    ),
    (
        "time tracking for billable hours",
        "Time Tracker",
        {
            "time_entry": [
                "description:string!",
                "project:string",
                "started_at:datetime!",
                "minutes:integer!",
                "billable:boolean",
            ]
        },
        {"monthly_totals"},
    ),
    (
        "todo app with categories and priorities",
        "Todo List",
        {
            "todo": [
                "title:string!",
                "notes:text",
                "done:boolean",
                "due_date:date",
                "priority:string[low|medium|high]",
                "tags:tags",
                "category_id:reference->category",
            ],
            "category": ["name:string!", "description:text"],
        },
        {"relations", "completion_toggle"},
    ),
    (
        "a todo app with due dates and reminders",
        "Todo List",
        {
            "todo": [
                "title:string!",
                "notes:text",
                "done:boolean",
                "due_date:date",
                "priority:string[low|medium|high]",
                "tags:tags",
                "remind_at:datetime",
            ]
        },
        {"due_dates"},
    ),
    (
        "please build a simple beekeeping log with hives and inspections",
        "Beekeeping Log",
        {
            "hive": ["name:string!", "description:text", "category:string", "active:boolean"],
            "inspection": ["name:string!", "description:text", "category:string", "active:boolean"],
        },
        {"search"},
    ),
]


@pytest.mark.parametrize(
    ("request_text", "app_name", "entities", "features"), CASES, ids=[c[1] + ":" + c[0][:30] for c in CASES]
)
def test_known_kinds_give_the_spec_a_person_expects(
    request_text: str, app_name: str, entities: dict[str, list[str]], features: set[str]
) -> None:
    plan = extract_spec(request_text)
    assert plan.app_name == app_name
    assert plan.slug == slugify(app_name)
    assert shape(plan) == entities
    assert features <= set(plan.features)
    assert plan.pages == [e.plural_label for e in plan.entities]


def test_at_least_fifteen_distinct_kinds_are_covered() -> None:
    kinds = {extract_spec(c[0]).kind for c in CASES}
    assert len(kinds - {"generic"}) >= 15


@pytest.mark.parametrize(
    ("request_text", "app_name", "entity"),
    [
        ("build a spaceship fleet manager", "Spaceship Fleet Manager", "spaceship"),
        ("a tool to organize my board games", "Board Game Organizer", "board_game"),
        ("an app for my aquarium fish", "Aquarium Fish", "aquarium_fish"),
        ("build me a thing", "Thing", "thing"),
        ("zzz", "Zzz", "zzz"),
        ("123 456", "123 456", "item"),
        ("¿qué? ☃", "Que", "que"),
    ],
)
def test_unknown_requests_get_a_generic_app_named_after_them(
    request_text: str, app_name: str, entity: str
) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "generic"
    assert plan.app_name == app_name
    assert [e.name for e in plan.entities] == [entity]
    assert shape(plan)[entity] == ["name:string!", "description:text", "category:string", "active:boolean"]


def test_the_request_may_name_the_app() -> None:
    plan = extract_spec("make a recipe book called Grandma's Kitchen")
    assert plan.app_name == "Grandma's Kitchen"
    assert plan.slug == "grandma-s-kitchen"
    assert [e.name for e in plan.entities] == ["recipe"]


def test_extraction_is_deterministic() -> None:
    request = "expense tracker with categories and monthly totals"
    assert extract_spec(request).model_dump() == extract_spec(request).model_dump()


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("todo", "todos"),
        ("category", "categories"),
        ("box", "boxes"),
        ("person", "people"),
        ("journal_entry", "journal_entries"),
        ("hive", "hives"),
        ("knife", "knives"),
        ("fish", "fish"),
        ("status", "statuses"),
        ("day", "days"),
        ("size", "sizes"),
        ("prize", "prizes"),
        ("quiz", "quizzes"),
    ],
)
def test_plural_and_singular_round_trip(singular: str, plural: str) -> None:
    assert pluralize(singular) == plural
    assert singularize(plural) == singular
