"""Colours written as CSS's rgb() are read in their roles like names and hex values, and are
never the app's things or fields."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.colour_phrases import rgb_as_hex


@pytest.mark.parametrize(
    ("request_text", "background", "accent"),
    [
        ("a todo app, background rgb(16, 32, 48), buttons rgb(255,204,0)", "#102030", "#ffcc00"),
        ("Please implement a website for a bakery. Use rgb(255, 248, 220) for the background and "
         "RGB(139,69,19) for the components.", "#fff8dc", "#8b4513"),
        ("a reading log with an rgba(250, 250, 250, 0.9) background", "#fafafa", None),
    ],
)  # fmt: skip
def test_rgb_colours_take_their_roles(request_text: str, background: str, accent: str | None) -> None:
    plan = extract_spec(request_text)
    assert plan.theme is not None
    assert (plan.theme.background, plan.theme.accent) == (background, accent)
    names = {e.name for e in plan.entities} | {f.name for e in plan.entities for f in e.fields}
    assert not any("rgb" in n or n.isdigit() for n in names)


def test_a_channel_over_255_is_held_at_255() -> None:
    assert rgb_as_hex("rgb(300, 0, 12)") == "#ff000c"
