""" "Each X has A, B and C" in the ways people write it gives X with exactly A, B and C."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec
from tests.templates.fields_of import fields_of


@pytest.mark.parametrize(
    ("request_text", "thing", "fields"),
    [
        ("Each batch has: a style, a brew date and tasting notes.", "batch", ["style", "brew_date", "tasting_notes"]),
        ("every dog has an owner phone, a breed, a check-in date and any allergies",
         "dog", ["owner_phone", "breed", "check_in_date", "allergies"]),
        ("Each order has the following: a customer, a pickup time, a total.", "order", ["customer", "pickup_time", "total"]),
        ("each book should have: title, author, year read", "book", ["title", "author", "year_read"]),
        ("A shed log. Every tool must have a name, a shelf and a last oiled date.", "tool", ["name", "shelf", "last_oiled_date"]),
        ("each hive needs a location, a queen colour and an inspection day",
         "hive", ["location", "queen_colour", "inspection_day"]),
    ],
)  # fmt: skip
def test_things_stated_with_their_fields_get_exactly_them(
    request_text: str, thing: str, fields: list[str]
) -> None:
    assert fields_of(request_text, thing) == fields


@pytest.mark.parametrize(
    ("request_text", "thing", "fields"),
    [
        ("an app to log my catches with the fish, the weight and the lake", "catch_item", ["fish", "weight", "lake"]),
        ("keep a list of my vinyl records with artist, title and year", "vinyl_record", ["artist", "title", "year"]),
        ("a log of meter readings with the date, the reading and the meter", "meter_reading",
         ["date_field", "reading", "meter"]),
    ],
)  # fmt: skip
def test_things_kept_with_their_details_get_exactly_them(
    request_text: str, thing: str, fields: list[str]
) -> None:
    plan = extract_spec(request_text)
    entity = plan.entity(thing)
    assert entity is not None and [f.name for f in entity.fields] == fields
    assert plan.fit == "full"


def test_a_kinds_own_thing_kept_with_details_keeps_the_kinds_fields() -> None:
    expense = extract_spec("track my expenses with amount and date").entity("expense")
    assert expense is not None and {"amount", "spent_on", "category_id"} <= {f.name for f in expense.fields}
