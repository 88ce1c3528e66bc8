"""Colours as small-business owners and hobbyists write them: brand colours, palettes, moods,
"text in X", "buttons should pop in X", hex codes beside names, "no X please". Each colour lands
in the role a person would expect (background, accent = buttons/components/links, text, heading),
and neither colour words nor role words ever become the app's things or fields.

Written before the reader was changed for them; see the README's colour section for the rule."""

from __future__ import annotations

import re

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.colour_values import contrast
from pipeline.templates.css_colors import ALL_COLOURS
from pipeline.templates.theme import AA, described, palette, read_theme

ANY = "any"
"""A colour name no list has yet ("dusty pink"): some colour must be in that role."""


def _hex(name: str) -> str:
    return name if name.startswith("#") or name == ANY else ALL_COLOURS[name.replace(" ", "")]


# (request, {role: colour name | hex | ANY | None (no colour in that role)}, names that are in no role)
ROWS: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = [
    ("Website for my bakery. Brand colours are chocolate and cornsilk, with maroon for headings.",
     {"accent": "chocolate", "background": "cornsilk", "heading": "maroon"}, ()),
    ("a booking page for my yoga studio, palette: lavender, slate blue and white",
     {"background": "white", "accent": "slate blue"}, ()),
    ("Dark mode please, with accents in gold", {"accent": "gold"}, ()),
    ("I run a dog grooming business. Light theme, text in dark slate gray, buttons in coral.",
     {"text": "dark slate gray", "accent": "coral"}, ()),
    ("Think old library: deep burgundy, gold trim, cream pages.",
     {"accent": "gold", "background": "cream"}, ()),
    ("Make the background navy and the text white, with orange buttons",
     {"background": "navy", "text": "white", "accent": "orange"}, ()),
    ("Colour scheme: forest green and beige throughout", {"accent": "forest green", "background": "beige"}, ()),
    ("buttons should really pop in hot pink, everything else black and white",
     {"accent": "hot pink", "background": "white", "text": "black"}, ()),
    ("a site for my florist shop (colours: sage green (#9caf88) and ivory)",
     {"accent": "#9caf88", "background": "ivory"}, ()),
    ("A recipe blog, colour: teal (#008080) for links and buttons, off-white background",
     {"accent": "#008080", "background": ANY}, ()),
    ("Use a grey background with coloured buttons in royal blue", {"background": "grey", "accent": "royal blue"}, ()),
    ("my knitting pattern shop, light mode, headings in dusty pink and buttons in leaf green",
     {"heading": ANY, "accent": ANY}, ()),
    ("No red please, it reminds customers of debt. Calm blues: steel blue buttons on an alice blue background",
     {"accent": "steel blue", "background": "alice blue"}, ("red",)),
    ("a shop selling red wine and white wine by the case", {"background": None, "accent": None, "text": None}, ()),
    ("inventory for my green tea and black tea blends", {"background": None, "accent": None, "text": None}, ()),
    ("booking site for white water rafting trips", {"background": None, "accent": None, "text": None}, ()),
    ("a tracker for my black labrador puppies' vet visits", {"background": None, "accent": None, "text": None}, ()),
    ("Site for a surf school. Colors: turquoise, sandy brown, and white.",
     {"background": "white", "accent": "turquoise"}, ()),
    ("The page background should be ivory; titles in dark red; everything clickable in dark green",
     {"background": "ivory", "heading": "dark red", "accent": "dark green"}, ()),
    ("I want amber and charcoal as the main colours, text in #333",
     {"accent": "amber", "text": "#333333"}, ()),
    ("Brand colors #1a73e8 and #fbbc04", {"accent": "#1a73e8", "background": None}, ()),
    ("A light background (white smoke) with chocolate brown text and burnt orange buttons",
     {"background": "white smoke", "text": ANY, "accent": ANY}, ()),
    ("gym class booking, black background, neon green accents, white text",
     {"background": "black", "accent": ANY, "text": "white"}, ()),
    ("A photography portfolio, all black with white text, minimal", {"background": "black", "text": "white"}, ()),
    ("For my tea room: soft colours, mint cream background, rosy brown for the buttons",
     {"background": "mint cream", "accent": "rosy brown"}, ()),
    ("headings should be navy, body text dim grey, and keep the background plain white",
     {"heading": "navy", "text": "dim grey", "background": "white"}, ()),
    ("pastel theme: light pink background, plum buttons", {"background": "light pink", "accent": "plum"}, ()),
    ("Dark theme with a midnight blue background and highlights in orange",
     {"background": "midnight blue", "accent": "orange"}, ()),
    ("Website for a vintage clothing shop. I'd like mustard and olive throughout",
     {"accent": "mustard", "background": None}, ()),
    ("our colours are #2e7d32 (green) and #f1f8e9 (pale green)", {"accent": "#2e7d32", "background": "#f1f8e9"}, ()),
    ("a chess club site - black and white colour scheme with a touch of red for buttons",
     {"accent": "red", "background": "white", "text": "black"}, ()),
    ("make everything purple! purple buttons, lavender background", {"accent": "purple", "background": "lavender"}, ()),
    ("Text should be in a dark brown, on a linen background, links in sienna",
     {"text": ANY, "background": "linen", "accent": "sienna"}, ()),
    ("no bright colours, just grey and white, and the buttons in slate gray",
     {"accent": "slate gray", "background": "white"}, ()),
    ("I want a cheerful look: sunny yellow buttons, sky blue background, navy writing",
     {"accent": ANY, "background": "sky blue", "text": "navy"}, ()),
    ("a tracker for my orange and lemon trees", {"background": None, "accent": None, "text": None}, ()),
    ("site for my Red Rose Florist, background cream, buttons in dark magenta",
     {"background": "cream", "accent": "dark magenta"}, ("red",)),
    ("Colour palette - primary: teal, secondary: coral, background: snow",
     {"accent": "teal", "background": "snow"}, ()),
    ("background colour should be a pale blue-grey (#eef2f5) and accents in tomato",
     {"background": "#eef2f5", "accent": "tomato"}, ()),
    ("no pink at all, use dark cyan for the buttons please", {"accent": "dark cyan"}, ("pink",)),
]  # fmt: skip

STYLE_WORDS = {"background", "heading", "headings", "accent", "accents", "trim", "palette", "brand", "colour",
               "colours", "color", "colors", "scheme", "button", "buttons", "highlight", "highlights", "pop"}  # fmt: skip


def _roles(text: str) -> dict[str, str | None]:
    theme = read_theme(text)
    return {
        role: getattr(theme, role, None) if theme else None
        for role in ("background", "accent", "text", "heading")
    }


@pytest.mark.parametrize(("request_text", "expected", "absent"), ROWS)
def test_colours_land_in_the_roles_a_person_expects(
    request_text: str, expected: dict[str, str | None], absent: tuple[str, ...]
) -> None:
    got = _roles(request_text)
    for role, name in expected.items():
        if name is None:
            assert got[role] is None, (role, got)
        elif name == ANY:
            assert got[role] is not None, (role, got)
        else:
            assert got[role] == _hex(name), (role, got)
    for name in absent:
        assert _hex(name) not in got.values(), (name, got)


@pytest.mark.parametrize(("request_text", "expected"), [(r, e) for r, e, _ in ROWS if any(e.values())])
def test_colour_and_role_words_never_become_things_or_fields(
    request_text: str, expected: dict[str, str | None]
) -> None:
    plan = extract_spec(request_text)
    names = {e.name for e in plan.entities} | {f.name for e in plan.entities for f in e.fields}
    words = {w for n in names for w in re.split(r"[_\s]+", n.lower())}
    assert not words & STYLE_WORDS, names
    styling = {w for name in (plan.theme.names.values() if plan.theme else ()) for w in name.split()}
    # a cream background's cream is no thing; "Red Rose Florist" may keep its rose
    assert not words & styling, names


def test_there_are_forty_requests() -> None:
    assert len(ROWS) >= 40


def test_headings_get_their_own_colour_readable_and_said() -> None:
    theme = read_theme("a recipe blog with headings in maroon on a cornsilk background")
    colours = palette(theme)
    assert colours["--heading"] == _hex("maroon")
    assert contrast(colours["--heading"], colours["--surface"]) >= AA
    assert any(line.startswith("headings: maroon") for line in described(theme))
    assert palette(read_theme("a recipe blog on a cornsilk background"))["--heading"] == colours["--text"]


@pytest.mark.parametrize(
    ("request_text", "entity"),
    [("a blue todo app", "todo"), ("a green habit tracker", "habit"), ("a shop selling red wine", "product")],
)
def test_the_app_s_own_colour_leaves_the_app_whole(request_text: str, entity: str) -> None:
    plan = extract_spec(request_text)
    assert entity in {e.name for e in plan.entities}


def test_a_request_only_about_the_look_is_a_plain_app() -> None:
    plan = extract_spec("make everything purple! purple buttons, lavender background")
    assert [e.name for e in plan.entities] == ["item"]
    assert plan.theme is not None and plan.theme.accent == _hex("purple")
