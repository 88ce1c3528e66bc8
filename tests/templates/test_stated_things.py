""" "Each X has A, B and C" in the ways people write it gives X with exactly A, B and C."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec


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
    entity = extract_spec(request_text).entity(thing)
    assert entity is not None
    assert [f.name for f in entity.fields] == fields
