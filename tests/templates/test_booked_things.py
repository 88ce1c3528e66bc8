"""Bookings attach to the thing that is booked (issue 28): a trip with its route, date, seats and
price, a session with its coach; seats are shared up to what the thing holds, and a table booked
whole takes a party no larger than its seats; a "booking" entity never takes the kind's own
``POST /api/bookings``. Requests quoted are from the tune half."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import generate
from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.templates.kind_context import booking_capacity, booking_party
from pipeline.templates.kind_fit import fit_to_kind, make_entity
from pipeline.templates.vocabulary import NOUNS
from tests.templates.test_kinds import app_page, suite_passes
from tests.templates.test_kinds_catalogue import OWNER_ENV, _owner, _post
from tests.templates.test_outside_requests import tune

TRIPS = "A travel booking site where travellers book seats on trips; each trip has a route, a date, seats and a price."


@pytest.mark.parametrize(
    ("request_text", "booked", "details", "capacity"),
    [
        (TRIPS, "trip", ["route", "departs_on", "seats", "price"], "seats"),
        ("A coaching site where clients book sessions with a coach and set goals.", "session",
         ["title", "coach", "capacity", "price"], "capacity"),
        ("A bus company website where passengers book seats on routes with a departure time and a price.", "trip",
         ["route", "departs_on", "seats", "price"], "seats"),
    ],
)  # fmt: skip
def test_the_booked_thing_comes_first_with_the_requests_details(
    request_text: str, booked: str, details: list[str], capacity: str
) -> None:
    plan = extract_spec(tune(request_text))
    assert plan.kind == "booking" and plan.entities[0].name == booked
    assert [f.name for f in plan.entities[0].fields] == details
    assert not {"resource", "seat"} & {e.name for e in plan.entities}
    assert booking_capacity(plan) == capacity and booking_party(plan) == ""  # shared, not one party's


def test_a_room_is_booked_whole_and_a_coaching_site_does_not_book_its_goals() -> None:
    rooms = extract_spec("a booking system for meeting rooms")
    assert rooms.entities[0].name == "room" and booking_capacity(rooms) == "" and booking_party(rooms) == ""
    # a table is booked whole too, by one party no larger than its seats
    table = extract_spec("table reservations for my restaurant")
    assert (table.entities[0].name, booking_capacity(table), booking_party(table)) == ("table", "", "seats")
    coaching = extract_spec(tune("A coaching site where clients book sessions with a coach and set goals."))
    assert [e.name for e in coaching.entities] == ["session", "goal"]


def test_a_booking_entity_never_collides_with_the_kinds_own_route() -> None:
    plan = extract_spec("A hotel where guests book rooms")
    plan.entities.append(make_entity("booking", NOUNS["booking"]))  # as a model's plan might name it
    plan.entities = fit_to_kind("booking", plan.entities)
    assert [e.name for e in plan.entities] == ["room"]
    paths = build_design(plan).contract["paths"]
    assert list(paths["/api/bookings"]) == ["post"]  # the kind's own, once


def test_the_trips_suite_shares_seats_and_refuses_more(tmp_path: Path) -> None:
    project = tmp_path / "trips"
    generate(tune(TRIPS), out=project)
    assert 'CAPACITY = "seats"' in (project / "backend" / "app" / "booking.py").read_text()
    assert suite_passes(project, "tests/test_booking.py") >= 6


@pytest.mark.slow
def test_a_browser_books_a_trips_seat_and_sees_the_count_drop(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, tune(TRIPS), "/api/trips", OWNER_ENV) as (page, base):
        trip = {"route": "Lyon to Turin", "departs_on": "2026-03-02", "seats": 3, "price": 40}
        _post(base, "/api/trips", trip, _owner(base))
        page.reload()  # with the trip made above
        expect(page.locator(".booked-things")).to_contain_text(
            "Lyon to Turin · Departs on: 2026-03-02 · Seats: 3"
        )
        expect(page.locator(".booked-things")).to_contain_text("Price: 40")
        page.get_by_role("button", name="Book Lyon to Turin").click()
        form = page.get_by_role("form", name="Book")
        form.get_by_label("Your name").fill("Ada")
        form.get_by_label("Day", exact=True).fill("2026-03-02")
        form.get_by_label("From", exact=True).fill("08:00")
        form.get_by_label("To", exact=True).fill("12:00")
        seats_left = page.get_by_test_id("seats-left")
        expect(seats_left).to_have_text("3 of 3 seats left for this slot")
        form.get_by_label("Seats", exact=True).fill("2")
        form.get_by_role("button", name="Book").click()
        expect(page.get_by_role("status")).to_contain_text("Booked Lyon to Turin on 2026-03-02")
        expect(seats_left).to_have_text("1 of 3 seats left for this slot")
        form.get_by_label("Your name").fill("Bo")
        form.get_by_label("Seats", exact=True).fill("2")
        form.get_by_role("button", name="Book").click()
        expect(page.get_by_role("alert")).to_contain_text("That slot is taken: only 1 of 3 seats left")
        expect(seats_left).to_have_text("1 of 3 seats left for this slot")
        form.get_by_label("Seats", exact=True).fill("4")  # more than the trip holds at all
        form.get_by_role("button", name="Book").click()
        expect(page.get_by_role("alert")).to_have_text(
            "Lyon to Turin takes at most 3 (seats): a booking of 4 does not fit"
        )


@pytest.mark.parametrize(
    "request_text",
    ["a booking app where users can search for bookings", "an app to look through our bookings by date"],
)
def test_a_request_whose_only_thing_is_the_booking_still_generates(request_text: str) -> None:
    """The bookings are the kind's own records: the thing booked is the catch-all resource, and
    the contract has one ``POST /api/bookings`` (before, this request failed to generate)."""
    plan = extract_spec(request_text)
    assert plan.kind == "booking" and [e.name for e in plan.entities] == ["resource"]
    assert "post" in build_design(plan).contract["paths"]["/api/bookings"]
