"""A colour as a request writes it, found among its words: CSS's named colours, common X11 and
designer names (``colour_names``), hex and ``rgb()`` values, a name with its family's word ("ivory
white"), and a name with an adjective ("deep maroon"): the name moved toward what the adjective says,
or the nearest named colour when that is another colour."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.templates.colour_words import HUES, MODIFIERS, PLAIN
from pipeline.templates.css_colors import ALL_COLOURS, CSS_COLORS, nearest_css_name

_HEX_THEN_NAME = re.compile(r"(#[0-9a-f]{6}\b|#[0-9a-f]{3}\b)\s*\(([a-z\s-]+)\)")
_NAME_THEN_HEX = re.compile(r"\b((?:[a-z]+[\s-]+){1,6})\(\s*(#[0-9a-f]{6}\b|#[0-9a-f]{3}\b)\s*\)")


@dataclass
class Mention:
    """A colour found in a phrase: where it stands (word indexes), as written, and its value."""

    first: int
    last: int
    asked: str
    value: str
    role: str | None = None
    cue: int | None = None
    refused: bool = False
    """Said after "no", "not", "avoid" …: a colour the request does not want."""


_RGB = re.compile(r"\brgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+%?\s*)?\)", re.I)


def rgb_as_hex(text: str) -> str:
    """CSS's ``rgb(16, 32, 48)`` written as the hex it is (``#102030``): one word, as a hex value
    is, so the commas inside it part no phrase. Alpha is dropped: the theme's colours are opaque."""
    return _RGB.sub(lambda m: "#" + "".join(f"{min(int(c), 255):02x}" for c in m.groups()), text)


def one_colour_in_brackets(text: str) -> str:
    """A colour with its value or name in brackets is one colour, the hex value: "sage green
    (#9caf88)" and "#2e7d32 (green)" are #9caf88 and #2e7d32."""
    text = _HEX_THEN_NAME.sub(lambda m: m.group(1) if _colour_words(m.group(2).split()) else m.group(0), text)
    for match in reversed(list(_NAME_THEN_HEX.finditer(text))):
        words = re.split(r"[\s-]+", match.group(1).strip())
        size = next((k for k in range(min(4, len(words)), 0, -1) if _colour_words(words[-k:])), 0)
        kept = " ".join(words[: len(words) - size])
        text = text[: match.start()] + (kept + " " if kept else "") + match.group(2) + text[match.end() :]
    return text


def _colour_words(words: list[str]) -> bool:
    joined = "".join(words)
    return bool(words) and (
        joined in ALL_COLOURS or all(w in ALL_COLOURS or w in MODIFIERS or w == "off" for w in words)
    )


def colour_at(words: list[str], i: int, role_talk: bool) -> Mention | None:
    if words[i].startswith("#"):
        value = words[i][1:]
        return Mention(i, i, words[i], "#" + ("".join(c * 2 for c in value) if len(value) == 3 else value))
    for size in (4, 3, 2, 1):  # the longest name first: "dark olive green", not "dark" + "olive"
        if i + size > len(words):
            continue
        joined = "".join(words[i : i + size])
        if joined in ALL_COLOURS and (size > 1 or joined in PLAIN or role_talk):
            return Mention(i, i + size - 1, " ".join(words[i : i + size]), ALL_COLOURS[joined])
        if size > 1 and words[i] in MODIFIERS and "".join(words[i + 1 : i + size]) in ALL_COLOURS:
            base = ALL_COLOURS["".join(words[i + 1 : i + size])]
            return Mention(i, i + size - 1, " ".join(words[i : i + size]), shifted(base, words[i]))
        if size == 2 and words[i] in ALL_COLOURS and words[i] not in PLAIN and words[i + 1] in HUES:
            return Mention(i, i + 1, f"{words[i]} {words[i + 1]}", ALL_COLOURS[words[i]])  # "ivory white"
    return None


def shifted(base: str, modifier: str) -> str:
    """``base`` as ``modifier`` says ("deep maroon", "muted crimson"): the nearest named colour to
    the shifted value, or, when that is ``base`` itself (the adjective would be lost), the shifted
    value ("deep maroon": maroon a quarter of the way to black, #600000)."""
    target, share = MODIFIERS[modifier]
    nearest = CSS_COLORS[nearest_css_name(base, target, share)]
    if nearest != base.lower() or share == 0:
        return nearest
    mixed = (
        int(b, 16) + (int(t, 16) - int(b, 16)) * share
        for b, t in zip(_pairs(base), _pairs(target), strict=True)
    )
    return "#" + "".join(f"{round(c):02x}" for c in mixed)


def _pairs(value: str) -> list[str]:
    return [value[k : k + 2] for k in (1, 3, 5)]
