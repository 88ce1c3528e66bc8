"""A kind chosen for a request that asks more of it is no full fit: stages its things cannot move
through, a flag it cannot mark, things listed outright that it does not keep, a rota, a game of
its own rules. Requests written for these tests, in phrasings of their own."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        # a kanban board's cards are its tasks: they have a done flag, not a column to move along
        ("A kanban board for my household chores", "moving tasks through stages (kanban)"),
        ("A project tracker with a kanban view of each project's tasks", "moving tasks through stages"),
        ("A team task board with columns for backlog, in progress and done", "through stages (columns)"),
        (
            "Order tracking for my bakery: staff update each order's status from baked to delivered",
            "through stages",
        ),
        # a flag to mark
        ("My reading list: I add books and mark them as finished", "marking books as finished"),
        ("An app where I keep my cocktail recipes and mark each one as tried", "marking recipes as tried"),
        # things listed outright: each one not kept says so
        ("- recipes - ingredients - shopping list", "keeping shopping list"),
        ("* plants * watering * repotting", "keeping repotting"),
        # a rota passes a duty on in turn; a chore list only ticks chores off
        ("Dishduty keeps the washing-up rota for our flat: whose turn it is tonight", "taking turns (rota)"),
    ],
)
def test_a_kind_that_leaves_out_the_core_job_says_so(request_text: str, said: str) -> None:
    plan = extract_spec(request_text)
    assert plan.fit == "partial"
    assert any(said in unmet for unmet in plan.unmet), plan.unmet


@pytest.mark.parametrize(
    "request_text",
    [
        "A bug tracker where testers file bugs and developers move them from open to fixed",
        "Track our sales pipeline: each deal moves through stages from lead to won",
        "A todo list where I mark tasks as done",
        "A job board where employers move applicants through interview stages",
        "- patients - appointments",
        # a list of what the app does or of its features is no list of things to keep
        "a calculator: add + subtract + multiply",
        "* notes * tags * search",
        "A music festival site with three stages and the line-up for each",
        "Tic tac toe where two players take turns on one screen",
    ],
)
def test_a_kind_that_does_the_job_still_fits(request_text: str) -> None:
    assert (extract_spec(request_text).fit, extract_spec(request_text).unmet) == ("full", [])


def test_a_game_named_by_its_play_is_the_game_itself() -> None:
    plan = extract_spec("Stonefall: a two-player turn-based game where each player drops stones on a ring")
    assert plan.fit == "none"
    assert plan.unmet[0].startswith("the game itself (two-player turn-based game)")


@pytest.mark.parametrize(
    "request_text",
    [
        "Writers post articles and editors send offers to publish them",
        "A ride-share board: drivers offer seats and passengers ask for a lift",
    ],
)
def test_an_offer_made_on_a_board_is_what_the_board_does(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert (plan.kind, plan.fit, plan.unmet) == ("board", "full", [])


def test_a_list_kept_by_placeholders_and_tags_is_no_full_fit() -> None:
    plan = extract_spec("A catalogue for my mineral collection, with tags")
    assert plan.kind == "generic" and plan.fit == "partial"
    assert "plain list" in plan.unmet[0]


def test_payments_kept_as_records_are_not_an_unmet_ask() -> None:
    kept = extract_spec("Log the rent my lodger pays me: every payment has an amount, a month and a note.")
    assert (kept.fit, kept.unmet) == ("full", [])
    taken = extract_spec("A booking site for my yoga classes where students book a class and make payments")
    assert "payments" in taken.unmet
