"""A plain list is named by the thing it keeps: a noun, never a scrap of the sentence, the people
who keep it or the business that does (requests written for these tests, not corpus rows)."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.kept_things import cleaned_name, is_scrap, kept_thing

CASES = [
    # a filler where the subject goes: the object of the keeping verb
    ("somewhere to jot down the dogs weights every month lol", "weight"),
    ("so basically i want to record the tides at my beach every day", "tide"),
    ("gotta keep track of guarantees for things we buy, like kettles and toasters", "guarantee"),
    ("i want to keep tabs on guarantees for things we buy", "guarantee"),
    ("something like etsy but for knitted scarves from local makers", "knitted_scarf"),
    # the people who keep the things: what they keep
    (
        "Tinkerly is a companion for model train hobbyists that remembers when each locomotive was "
        "last oiled and how far it ran.",
        "locomotive",
    ),
    (
        "A catalogue for stamp collectors. Collectors add stamps with a country, a year and a condition.",
        "stamp",
    ),
    # the business: what it keeps, else what its trade works on
    (
        "Please implement a website for my window cleaning business so customers can see which rounds "
        "are planned for their street.",
        "round",
    ),
    ("Inkwell is a contract signing service: upload a PDF and send it to the other party.", "contract"),
    # a person's possessive without its apostrophe is not part of the name
    ("log babys bottles and naps cos im shattered", "bottle"),
    ("jot down the kids test scores every term", "test_score"),
    # what says which game it is names no thing: the games played are kept
    ("a backgammon game where I play against my brother", "game"),
    ("a three-player hex-based game where players claim tiles and build roads", "game"),
    # an article stays out of the name
    ("let my mates predict the results of the darts final and see who was closest", "result"),
]


@pytest.mark.parametrize(("request_text", "thing"), CASES)
def test_a_plain_list_is_named_by_the_thing_it_keeps(request_text: str, thing: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "generic"
    assert [e.name for e in plan.entities] == [thing]


@pytest.mark.parametrize(
    "name",
    [
        "somewhere",
        "something_like",
        "like_kettle",
        "keep",
        "stamp_collector",
        "indoor_gardener",
        "dog_shelter",
    ],
)
def test_scraps_people_and_businesses_are_not_things(name: str) -> None:
    assert is_scrap(name)


@pytest.mark.parametrize("name", ["stamp", "tide_reading", "knitted_scarf", "locomotive", "score"])
def test_nouns_are_things(name: str) -> None:
    assert not is_scrap(name)


def test_articles_and_leading_verbs_stay_out_of_a_name() -> None:
    assert cleaned_name("the_result") == "result"
    assert cleaned_name("catch_letter") == "letter"
    assert cleaned_name("business") == "business"  # a plural is made once: nothing to strip


def test_each_x_has_names_the_thing_even_after_a_possessive() -> None:
    assert kept_thing("my kiln log: each firing's peak temperature and the pots in it") == "firing"
    assert kept_thing("each member has a locker") is None  # people, not what is kept
    assert kept_thing("just a page about my cat") is None
