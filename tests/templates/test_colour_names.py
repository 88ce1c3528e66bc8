"""Common colour names CSS lacks ("dusty rose", "sage", "off-white", "jet black") take their role
with the hex of the common-names table, before any near-name; a name with its family's word
("ivory white") is the name; a colour word before a word about something else ("a rose garden")
is that thing's; and styling words are never the app's name, things or fields."""

from __future__ import annotations

import pytest

from pipeline.templates import extract_spec, project_files
from pipeline.templates.colour_names import COMMON_COLOURS, WIKIPEDIA, XKCD
from pipeline.templates.contract import build_design
from pipeline.templates.css_colors import ALL_COLOURS, CSS_COLORS, X11_COLORS

NAMES = {
    "dusty rose": "#c0737a", "sage": "#87ae73", "sage green": "#88b378", "terracotta": "#ca6641",
    "mint": "#9ffeb0", "blush": "#f29e8e", "mustard": "#ceb301", "burgundy": "#610023",
    "charcoal": "#343837", "cream": "#ffffc2", "sand": "#e2ca76", "slate": "#516572",
    "teal blue": "#01889f", "forest green": "#228b22", "mauve": "#ae7181", "lavender grey": "#c4c3d0",
    "lavender gray": "#c4c3d0", "off-white": "#ffffe4", "off white": "#ffffe4", "eggshell": "#ffffd4",
    "baby blue": "#a2cffe", "powder blue": "#b0e0e6", "navy blue": "#000080", "royal blue": "#4169e1",
    "sky blue": "#87ceeb", "emerald": "#01a049", "ruby": "#ca0147", "sapphire": "#2138ab",
    "mocha": "#9d7651", "champagne": "#f7e7ce", "peach": "#ffb07c", "coral pink": "#ff6163",
    "rust": "#a83c09", "ochre": "#bf9005", "olive green": "#677a04", "pastel pink": "#ffbacd",
    "pastel blue": "#a2bffe", "pastel green": "#b0ff9d", "pastel yellow": "#fffe71",
    "pastel purple": "#caa0ff", "neon green": "#0cff0c", "hot pink": "#ff69b4", "jet black": "#343434",
    "pearl": "#eae0c8", "ivory white": "#fffff0", "pearl white": "#eae0c8", "sea green": "#2e8b57",
    "slate grey": "#708090", "charcoal gray": "#3c4142", "deep purple": "#36013f",
}  # fmt: skip
"""What a person writes → the hex the app gets (CSS's where CSS has the name, X11's next)."""

PHRASES = {
    "background": "Please implement a website for a book club. Use {} for the background.",
    "accent": "a recipe box with {} buttons and a white background",
    "text": "a packing list with {} text on a black background",
}
COMPONENTS = (
    "Please implement a website for a bakery. Use white for the background and {} for the components."
)


@pytest.mark.parametrize("name", sorted(NAMES))
@pytest.mark.parametrize("role", sorted(PHRASES))
def test_a_common_name_takes_its_role_with_the_tables_hex(name: str, role: str) -> None:
    plan = extract_spec(PHRASES[role].format(name))
    assert plan.theme is not None
    assert getattr(plan.theme, role) == NAMES[name]
    words = set(name.replace("-", " ").split()) | {"button", "buttons", "text", "background"}
    things = {plan.app_name.lower()} | {e.name for e in plan.entities}
    things |= {f.name for e in plan.entities for f in e.fields}
    assert not any(set(thing.replace("_", " ").split()) & words for thing in things), things


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_common_name_for_the_components_is_the_accent(name: str) -> None:
    plan = extract_spec(COMPONENTS.format(name))
    assert plan.theme is not None and (plan.theme.background, plan.theme.accent) == ("#ffffff", NAMES[name])
    assert plan.app_name == "Bakery"


def test_several_common_names_each_keep_their_own_role() -> None:
    plan = extract_spec(
        "I'd like a plant-watering tracker: terracotta header, sage green buttons, charcoal text "
        "and an off-white page."
    )
    assert plan.theme is not None
    assert (plan.theme.accent, plan.theme.text, plan.theme.background) == ("#ca6641", "#343837", "#ffffe4")
    readme = project_files(plan, build_design(plan))["README.md"]
    assert "terracotta #ca6641" in readme and "off white #ffffe4" in readme


def test_a_name_with_its_familys_word_is_the_name_and_the_readme_says_so() -> None:
    plan = extract_spec("a todo app with an ivory white background and jet black buttons")
    assert plan.theme is not None and (plan.theme.background, plan.theme.accent) == ("#fffff0", "#343434")
    assert "ivory white (read as ivory) #fffff0" in project_files(plan, build_design(plan))["README.md"]


def test_a_name_no_list_has_whole_is_still_read_as_the_nearest_css_name() -> None:
    plan = extract_spec("a meal planner with a muted crimson background")
    assert plan.theme is not None and plan.theme.background in CSS_COLORS.values()
    readme = project_files(plan, build_design(plan))["README.md"]
    assert "muted crimson (no colour has that name: read as the nearest named colour" in readme


@pytest.mark.parametrize(
    ("request_text", "app_name", "accent"),
    [
        ("a rose garden planner with green buttons", "Rose Garden Planner", "#008000"),
        ("a forest trail log with navy buttons", "Forest Trail Log", "#000080"),
        ("a pearl jewellery shop with gold buttons", "Pearl Jewellery Shop", "#ffd700"),
        ("a sand delivery tracker with orange buttons", "Sand Delivery Tracker", "#ffa500"),
    ],
)
def test_a_colour_word_before_a_thing_is_that_things_not_the_apps(
    request_text: str, app_name: str, accent: str
) -> None:
    plan = extract_spec(request_text)
    assert plan.app_name == app_name
    assert plan.theme is not None and (plan.theme.background, plan.theme.accent) == (None, accent)
    assert not any("button" in e.name or "navy" in e.name for e in plan.entities)


def test_a_lone_common_name_about_the_look_still_counts() -> None:
    plan = extract_spec("a workout log, buttons in mint or teal, sage tones throughout")
    assert plan.theme is not None and plan.theme.accent == "#9ffeb0"


def test_the_table_is_hex_and_never_hides_a_css_or_x11_name() -> None:
    assert all(len(v) == 7 and int(v[1:], 16) >= 0 for v in COMMON_COLOURS.values())
    assert not set(COMMON_COLOURS) & (set(CSS_COLORS) | set(X11_COLORS))
    assert not set(XKCD) & set(WIKIPEDIA)
    assert all(ALL_COLOURS[name.replace(" ", "")] == value for name, value in XKCD.items())
