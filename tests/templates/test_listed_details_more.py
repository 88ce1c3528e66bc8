"""Round 2 of details a request names: a bare part word in a list of details ("pages") is a
detail, not the look; a kind's own thing takes the details listed for it; "how many X" and "how
hard it was" items are a count and a short text."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec
from tests.templates.fields_of import fields_of


@pytest.mark.parametrize(
    ("request_text", "thing", "field"),
    [
        ("a list of my books with author, genre, pages and whether I've read it", "book", "pages"),
        ("a log of the magazines I read: title, issue, pages and publisher", "magazine", "pages"),
    ],
)
def test_a_part_word_in_a_list_of_details_is_a_detail(request_text: str, thing: str, field: str) -> None:
    entity = extract_spec(request_text).entity(thing)
    assert entity is not None and entity.field(field) is not None


def test_part_words_after_a_colour_stay_the_look() -> None:
    plan = extract_spec("a todo app with navy buttons and headers")
    assert not any(f.name in ("headers", "buttons") for e in plan.entities for f in e.fields)


@pytest.mark.parametrize(
    ("request_text", "thing", "fields"),
    [
        ("log of hikes with trail, distance and how hard it was", "hike", ["trail", "distance", "difficulty"]),
        ("a log of my curries with the restaurant, the price and how spicy it was", "curry",
         ["restaurant", "price", "spicy"]),
        ("a diary of my naps, noting the place, how long it took and the mood after", "nap",
         ["place", "duration_minutes", "mood_after"]),
    ],
)  # fmt: skip
def test_a_how_clause_in_a_list_is_a_detail_named_by_what_it_measures(
    request_text: str, thing: str, fields: list[str]
) -> None:
    assert fields_of(request_text, thing) == fields


@pytest.mark.parametrize(
    ("request_text", "thing", "field", "ftype"),
    [
        ("list of board games we own and how many players", "board_game", "player_count", "integer"),
        ("keep track of my plants and how much water they need", "plant", "water_amount", "number"),
        ("a list of vinyl records and how many times I played each", "vinyl_record", "count", "integer"),
    ],
)
def test_how_many_is_a_count_of_the_main_thing_not_a_thing(
    request_text: str, thing: str, field: str, ftype: str
) -> None:
    plan = extract_spec(request_text)
    entity = plan.entity(thing)
    assert entity is not None and plan.entity("player") is None
    got = entity.field(field)
    assert got is not None and got.type == ftype


@pytest.mark.parametrize(
    ("request_text", "kind", "thing", "added"),
    [
        ("bikes in our shop, with frame size, wheel size and price", "shop", "product", {"frame_size", "wheel_size"}),
        ("an online store for my pottery, with glaze, size and price", "shop", "product", {"glaze", "size"}),
        ("log my runs with distance and elevation", "fitness", "workout", {"distance", "elevation"}),
        # "my climbs", "my swims" ask for the workout kind (kind_cues): its workouts take the details
        ("a log of my climbs such as the route, the grade and the crag", "fitness", "workout", {"route", "grade", "crag"}),
        ("a simple app that records my swims: pool, lengths and time", "fitness", "workout", {"pool", "lengths"}),
        ("a journal for my runs where I can record distance, pace and route", "fitness", "workout",
         {"distance", "pace", "route"}),
        ("I want to keep track of my bike rides, noting distance, elevation and weather", "fitness", "workout",
         {"distance", "elevation", "weather"}),
    ],
)  # fmt: skip
def test_a_kinds_own_thing_takes_the_details_listed_for_it(
    request_text: str, kind: str, thing: str, added: set[str]
) -> None:
    plan = extract_spec(request_text)
    entity = plan.entity(thing)
    assert plan.kind == kind and entity is not None
    fields = {f.name: f for f in entity.fields}
    assert added <= set(fields)
    assert not any(fields[name].required for name in added)  # asked for, never made required
    if kind == "shop":  # the shop's own rules still read these
        assert fields["price"].required and fields["quantity"].required


def test_a_runs_time_is_the_workouts_duration() -> None:
    workout = extract_spec("log my runs with distance and time").entity("workout")
    assert workout is not None
    names = [f.name for f in workout.fields]
    assert "distance" in names and "time" not in names and "duration_minutes" in names


def test_a_game_takes_no_listed_details() -> None:
    plan = extract_spec("a tic tac toe game with a scoreboard, player names and a timer")
    assert not any(f.name in ("player_name", "player_names") for e in plan.entities for f in e.fields)


@pytest.mark.parametrize(
    ("request_text", "thing", "fields"),
    [
        ("note down the title, the director and my rating for films I watch", "film", ["title", "director", "rating"]),
        ("keep track of the grape, region and score for wines we taste", "wine", ["grape", "region", "score"]),
        ("I want to log the weight and height of my kids", "kid", ["weight", "height"]),
        ("a wine cellar with vintage and bin location", "wine", ["vintage", "bin_location"]),
    ],
)  # fmt: skip
def test_details_said_before_their_thing_or_in_its_store_are_kept(
    request_text: str, thing: str, fields: list[str]
) -> None:
    assert fields_of(request_text, thing) == fields


@pytest.mark.parametrize(
    "request_text",
    [
        "Please implement a website for a small shop selling tea, with a cart and checkout",
        "an online candle shop with a basket and a checkout",
    ],
)
def test_a_shops_cart_and_checkout_are_its_own_never_things_or_fields(request_text: str) -> None:
    """The shop's machinery is no library loan ("checkout") and no field of its products."""
    plan = extract_spec(request_text)
    assert plan.kind == "shop" and [e.name for e in plan.entities] == ["product"]
    assert not {"cart", "checkout", "basket"} & {f.name for f in plan.entities[0].fields}
