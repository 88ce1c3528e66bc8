"""A thing's fields are the noun phrases a request lists, not the verbs around them, and not a
second copy of a field the thing already keeps (examples written for these tests)."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.fields import field_from_words
from pipeline.templates.kind_fit import make_entity
from pipeline.templates.phrases import already_kept, is_verb_phrase, list_part
from pipeline.templates.vocabulary import NOUNS, parse_field
from tests.templates.fields_of import fields_of


@pytest.mark.parametrize(
    "item",
    ["share it", "watch the results", "buyers make an offer", "shows weekly spending", "send messages",
     "set its priority", "the owner accepts one", "move it through draft"],
)  # fmt: skip
def test_verb_phrases_are_notfields_of(item: str) -> None:
    assert is_verb_phrase(item)


@pytest.mark.parametrize(
    "item",
    ["an amount", "a date", "steps to reproduce", "hours per project", "hours worked", "sales region",
     "the number of the pages", "a quality score from 1 to 5", "ingredients", "a desk number"],
)  # fmt: skip
def test_noun_phrases_arefields_of(item: str) -> None:
    assert not is_verb_phrase(item)


@pytest.mark.parametrize(
    ("chunk", "listed"),
    [
        (
            "a vintage, a region and a grape, and warns me when one is ready",
            "a vintage, a region and a grape",
        ),
        ("a title, tag it and file it", "a title"),
        ("price, size and colour", "price, size and colour"),
        ("a few choices, send it to friends, and see who voted", "a few choices"),
        ("send it to friends", ""),
    ],
)
def test_a_list_ends_where_a_clause_starts(chunk: str, listed: str) -> None:
    assert list_part(chunk) == listed


def test_a_field_kept_under_another_name_is_the_same_field() -> None:
    expense = make_entity("expense", NOUNS["expense"])
    employee = make_entity("employee", NOUNS["employee"])
    plant = make_entity("plant", NOUNS["plant"])
    assert already_kept(expense, parse_field("date_field:date"))  # "a date": spent_on
    assert already_kept(expense, parse_field("category:string"))  # category_id
    assert already_kept(employee, parse_field("hire_date:date"))  # hired_on
    assert already_kept(plant, parse_field("watering_date:date"))  # last_watered
    assert not already_kept(expense, parse_field("receipt:url"))
    assert not already_kept(employee, parse_field("review_date:date"))


def test_words_type_a_field_not_its_safe_name() -> None:
    date = field_from_words("date")
    assert date is not None and date.type == "date"  # named date_field, still a date
    arrival = field_from_words("date of arrival")
    assert arrival is not None and arrival.type == "date"
    flag = field_from_words("archived flag")
    assert flag is not None and (flag.name, flag.type) == ("archived", "boolean")


def test_a_things_list_gives_its_fields_and_not_the_clause_after_it() -> None:
    names = fields_of(
        "A grocery budget app that records every purchase with a price, a date and a shop, "
        "and shows weekly spending.",
        "expense",
    )
    assert "shop" in names
    assert not {"date_field", "shows_weekly_spending", "category"} & set(names)


def test_fields_of_another_thing_stay_on_it() -> None:
    request = "A gym log that records exercises with sets, reps and weight."
    assert "sets" in fields_of(request, "exercise")
    assert "sets" not in fields_of(request, "workout")


def test_a_kind_with_its_own_rules_keeps_its_own_things() -> None:
    poll = extract_spec("A poll app: make a poll with three choices, send it to friends, and see who voted.")
    assert [e.name for e in poll.entities] == ["participant"]
    assert [f.name for f in poll.entities[0].fields] == [parse_field(s).name for s in NOUNS["participant"]]
    quiz = extract_spec("A trivia night game with picture rounds and a leaderboard.")
    assert all(
        [f.name for f in e.fields] == [parse_field(s).name for s in NOUNS[e.name]] for e in quiz.entities
    )
    chat = extract_spec(
        "A chat app for our choir where singers send messages to each other and reply to them."
    )
    assert "message" not in {e.name for e in chat.entities}


def test_with_after_a_pronoun_is_said_of_a_verb() -> None:
    names = fields_of(
        "Track shared expenses and work out who owes whom with the fewest transfers.", "expense"
    )
    assert "fewest_transfers" not in names


def test_each_thing_with_its_fields_stays_exact_before_a_clause() -> None:
    stamp = extract_spec(
        "A stamp album where each stamp has a country, a year and a colour, and shows the rarest."
    )
    assert [f.name for f in stamp.entities[0].fields] == ["country", "year", "colour"]
    staff = fields_of(
        "A staff directory that keeps employee records with a team, a hire date and a desk number.",
        "employee",
    )
    assert {"team", "desk_number"} <= set(staff) and "hire_date" not in staff


def test_with_after_another_known_thing_is_that_things() -> None:
    school = extract_spec(
        "A school app with students, courses and grades, where students can sell a book with its condition and a price."
    )
    student = school.entity("student")
    assert student is not None
    assert [f.name for f in student.fields] == [parse_field(s).name for s in NOUNS["student"]]
    recipe = fields_of("A recipe book with ingredients and a price per serving.", "recipe")
    assert "price_per_serving" in recipe  # "recipe book": the app's own thing


def test_a_bare_size_is_a_label_and_a_compound_one_a_count() -> None:
    size = field_from_words("size")
    party = field_from_words("party size")
    assert size is not None and size.type == "string"
    assert party is not None and party.type == "integer"
