"""Details a request lists for its things that the app does not keep are said in ``unmet`` (issue
28): a kind whose own things keep their own fields (a board's postings, a quiz's questions) would
otherwise claim ``full``. Requests are in our own words."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        ("a marketplace where sellers list a bike with its frame size, wheel size and price, and buyers make offers",
         "keeping each bike's frame size, wheel size and price"),
        ("a quiz game where each question has a difficulty, a category and a hint",
         "keeping each question's difficulty, category and hint"),
    ],
)  # fmt: skip
def test_details_the_app_leaves_out_are_unmet(request_text: str, said: str) -> None:
    plan = extract_spec(request_text)
    assert plan.fit == "partial" and said in plan.unmet


@pytest.mark.parametrize(
    "request_text",
    [
        "log my catches with the fish, the weight and the lake",
        "a recipe app with ingredients, steps and cooking time",
        "A staff directory that keeps employee records with a team, a hire date and a desk number.",
        "a tracker for the plants in my flat, with watering date, light and pot size",
    ],
)
def test_details_the_app_keeps_claim_nothing(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert not any(u.startswith("keeping") for u in plan.unmet), plan.unmet
