"""A request that asks more than its kind does is no full fit (round 2): a game of the user's own
rules, limits per person the app does not enforce, who may do what, and lists or plans in a prose
list that the app does not keep. Requests written for these tests, in phrasings of their own."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        # a game whose rules are the user's own is not the kind's game
        ("An online multiplayer card game of my own invention", "rules of its own (of my own invention)"),
        ("A dice game with house rules my family made up", "rules of its own (house rules)"),
        ("A card game we invented at uni, playable in the browser", "rules of its own (we invented)"),
        # limits the app does not enforce, in the request's words
        ("A poll for the team outing where everyone has three votes", "more than one vote per person"),
        ("Gym class booking, no more than one booking a day per member", "(no more than one booking a day)"),
        (
            "A tennis court booking app, at most two bookings per week per member",
            "(at most two bookings per week)",
        ),
        (
            "A recipe site where only the owner may delete a recipe",
            "who may do what (only the owner may delete",
        ),
        (
            "A shared notes board; only admins can remove notes",
            "who may do what (only admins can remove notes)",
        ),
        # goods sold for their owners: consignors and what is owed them are not a shop's stock
        (
            "A consignment bookshop where consignors bring books and get paid when they sell",
            "selling for others (consignment)",
        ),
        (
            "A second-hand clothes shop that sells on commission for local families",
            "selling for others (on commission)",
        ),
        # a list or a plan in a prose list is a job of its own
        ("A wedding budget planner with a guest list and a seating plan", "keeping a guest list"),
        ("A wedding planner with a guest list, a budget and a seating plan", "keeping a seating plan"),
        (
            "A party planner that keeps the guest list, the menu and a shopping list",
            "keeping a shopping list",
        ),
    ],
)
def test_an_ask_the_kind_does_not_do_is_unmet(request_text: str, said: str) -> None:
    plan = extract_spec(request_text)
    assert plan.fit != "full"
    assert any(said in unmet for unmet in plan.unmet), plan.unmet


@pytest.mark.parametrize(
    "request_text",
    [
        "A blackjack game",
        "A poll where each person has one vote",
        "A recipe app with ingredients, steps and photos",
        "A gym log with exercises, sets and reps",
        "A to-do list with tags, due dates and search",
    ],
)
def test_what_the_kind_does_stays_a_full_fit(request_text: str) -> None:
    assert extract_spec(request_text).fit == "full"


@pytest.mark.parametrize(
    ("request_text", "said", "not_said"),
    [
        # an object that names no thing is left out of the unmet action, not quoted as a scrap
        ("A tool to understand stuff about my car", "understanding", "stuff"),
        ("A mortgage calculator that compares a fixed and a variable rate loan", "comparing", "fixed"),
        # an adverb between a modal and its verb is no verb of its own
        ("A gallery where visitors can really enjoy paintings", "enjoying paintings", "really"),
    ],
)
def test_unmet_actions_are_clean_phrases(request_text: str, said: str, not_said: str) -> None:
    unmet = extract_spec(request_text).unmet
    assert said in unmet, unmet
    assert not any(not_said in item for item in unmet), unmet


def test_a_form_of_have_is_no_action() -> None:
    # "can has": no "hasing" in what the app does not do
    unmet = extract_spec("A club site where each member can has a profile").unmet
    assert not any("hasing" in item for item in unmet), unmet


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        # the kind was chosen by a word that qualifies the subject's head, which it does not keep
        ("A car rental app for our family business", "the car rental itself"),
        ("A pub quiz host tool for Thursday nights", "the pub quiz host itself"),
    ],
)
def test_a_subject_the_kind_keeps_another_thing_for_is_unmet(request_text: str, said: str) -> None:
    plan = extract_spec(request_text)
    assert plan.fit == "partial"
    assert any(said in unmet for unmet in plan.unmet), plan.unmet


@pytest.mark.parametrize(
    "request_text",
    ["A plant care app", "A boat hire booking site", "A note taking app", "A car wash booking site"],
)
def test_a_subject_the_kind_keeps_stays_full(request_text: str) -> None:
    assert extract_spec(request_text).fit == "full"
