"""Colour phrases, round 2: the request without its look keeps its own punctuation, lists of
colours are a thing's (labels, tags, pins) or the app's ("a white and gold wedding planner"), and
an adjective before a listed name shifts it ("deep maroon")."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec, project_files
from pipeline.templates.colour_phrases import colour_roles, without_theme
from pipeline.templates.contract import build_design


@pytest.mark.parametrize(
    ("request_text", "left"),
    [
        (
            "Log my hikes (trail, distance, weather). Use a pale green background, dark teal buttons and "
            "plain white text.",
            "Log my hikes (trail, distance, weather).",
        ),
        ("a recipe box (soups, stews). Dark green buttons please.", "a recipe box (soups, stews)."),
        ("A budget tracker (income, expenses) in deep teal", "A budget tracker (income, expenses)"),
        ("a notes app (with tags) in navy", "a notes app (with tags)"),
        (
            "Track my plants (name, species, last watered) - use a mint background with pure white text!",
            "Track my plants (name, species, last watered)!",
        ),
    ],
)
def test_the_request_without_its_look_keeps_its_own_punctuation(request_text: str, left: str) -> None:
    assert without_theme(request_text) == left


def test_styling_words_never_reach_the_summary_or_unmet() -> None:
    plan = extract_spec(
        "Please build a website for a cycling club where riders log rides (route, distance, climb). "
        "Use ivory for the background, teal for the components and plain black text."
    )
    said = " ".join([plan.summary, *plan.unmet]).lower()
    assert "plain" not in said and "black" not in said and "ivory" not in said
    assert "(route, distance, climb)" in plan.summary


@pytest.mark.parametrize(
    "request_text",
    [
        "a todo app with red, green and blue labels",
        "a kanban board where cards get yellow, orange or red tags",
        "a map of my favourite cafes with red and green pins",
    ],
)
def test_a_list_of_colours_before_a_thing_is_the_apps_data_not_its_look(request_text: str) -> None:
    assert colour_roles(request_text) == {}
    assert without_theme(request_text) == request_text


def test_a_list_of_colours_before_the_apps_noun_is_its_look() -> None:
    assert colour_roles("a white and gold wedding planner") == {
        "background": ("white", "#ffffff"),
        "accent": ("gold", "#ffd700"),
    }
    assert extract_spec("a white and gold wedding planner").app_name == "Wedding Planner"
    assert without_theme("an orange and teal habit tracker") == "a habit tracker"


def test_an_adjective_before_a_listed_name_shifts_it_and_the_readme_says_how() -> None:
    assert colour_roles("a deep maroon background")["background"] == ("deep maroon", "#600000")
    assert colour_roles("a deep navy background")["background"] == ("deep navy", "#000060")
    assert colour_roles("a dark blue background and light blue buttons") == {
        "background": ("dark blue", "#00008b"),
        "accent": ("light blue", "#add8e6"),
    }
    plan = extract_spec("a wine cellar inventory with a deep maroon background")
    readme = project_files(plan, build_design(plan))["README.md"]
    assert "deep maroon (no colour has that name: read as maroon moved toward black) #600000" in readme
