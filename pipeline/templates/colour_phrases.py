"""Which colour a request gives to which part of the app, read by the phrase that owns it.

A request is cut into phrases at punctuation and at "and"/"but"/"while"; in each phrase a colour
belongs to the role word right after it ("crimson buttons", "a honeydew background"), else to the
role it is given to ("navy for the components", "white as the background", "navy in the
background"), else to the role word before it ("background ivory", "the background should be
white smoke", "color all components with teal"). So "use white for the background and navy for
the components" gives a white page with navy components, never the other way round.

Colours are CSS's named colours, common X11 names CSS lacks ("light goldenrod"), the common
designer and everyday names neither has ("dusty rose", "sage", "off-white": ``colour_names``), hex
values, a name with its family's word ("ivory white", "pearl white": the name), and near-names: an
adjective with a name no list has as a whole ("muted crimson") becomes the nearest named colour, and
the README says so. A colour word no role owns, set before a word about something else ("a rose
garden", "a forest trail", "pearl jewellery"), is that thing's, not the app's.

``without_theme`` gives the request without its phrases about the look, so that styling words
never become the app's name, its things or their fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.templates.css_colors import ALL_COLOURS, CSS_COLORS, nearest_css_name

ROLE_CUES: dict[str, frozenset[str]] = {
    "background": frozenset(
        [
            "background",
            "backgrounds",
            "bg",
            "backdrop",
            "page",
            "pages",
            "canvas",
            "base",
            "body",
            "backround",
        ]
    ),
    "accent": frozenset(
        [
            "component",
            "components",
            "button",
            "buttons",
            "accent",
            "accents",
            "primary",
            "header",
            "headers",
            "link",
            "links",
            "highlight",
            "highlights",
            "nav",
            "navigation",
            "navbar",
            "tabs",
            "brand",
            "theme",
            "themed",
            "ui",
            "elements",
            "controls",
            "interface",
            "clickable",
            "cards",
            "tiles",
            "menus",
            "icons",
            "toolbar",
        ]
    ),
    "text": frozenset(
        ["text", "texts", "font", "fonts", "foreground", "letters", "writing", "typography", "headings"]
    ),
}
_ROLE_OF = {cue: role for role, cues in ROLE_CUES.items() for cue in cues}
PLAIN = frozenset(
    [
        "red",
        "green",
        "blue",
        "yellow",
        "purple",
        "pink",
        "teal",
        "navy",
        "black",
        "white",
        "gray",
        "grey",
        "cyan",
        "magenta",
        "maroon",
        "indigo",
        "turquoise",
        "crimson",
        "beige",
        "brown",
        "aqua",
        "azure",
        "fuchsia",
    ]
)
"""Colour words that mean a colour wherever they stand; the others (chocolate, salmon, snow …)
count only in a phrase with a role word or in a request that talks about colours."""
HUES = frozenset(
    ["white", "black", "grey", "gray", "red", "green", "blue", "yellow", "orange", "purple", "pink", "brown"]
)
"""The basic colour words: after a colour's name ("ivory white", "jet black") they say its family."""
MODIFIERS: dict[str, tuple[str, float]] = {
    "light": ("#ffffff", 0.45), "pale": ("#ffffff", 0.55), "pastel": ("#ffffff", 0.6),
    "soft": ("#ffffff", 0.4), "baby": ("#ffffff", 0.5), "dark": ("#000000", 0.45),
    "deep": ("#000000", 0.3), "dusty": ("#808080", 0.4), "muted": ("#808080", 0.4),
    "bright": ("#ffffff", 0.0), "vivid": ("#ffffff", 0.0), "neon": ("#ffffff", 0.0), "warm": ("#ff8c00", 0.15),
    "cool": ("#4682b4", 0.15),
}  # fmt: skip
"""An adjective the colour lists lack, as a shift toward white, black or grey; the result is
then read as the nearest named colour."""
_CONNECTORS = {"for", "as", "in", "on", "to", "across", "throughout", "of"}
_ARTICLES = {"the", "all", "a", "an", "its", "every", "each", "our", "my", "main", "whole"}
_COLOUR_NOUNS = {"colour", "color", "colours", "colors", "coloured", "colored", "tone", "tones", "shade"}
STYLE_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "all",
        "every",
        "its",
        "their",
        "our",
        "my",
        "with",
        "in",
        "on",
        "using",
        "use",
        "and",
        "color",
        "colour",
        "colors",
        "colours",
        "coloured",
        "colored",
        "paint",
        "make",
        "set",
        "style",
        "styled",
        "layout",
        "design",
        "should",
        "be",
        "is",
        "are",
        "to",
        "whose",
        "where",
        "everything",
        "clickable",
        "page",
        "base",
        "main",
        "please",
        "i",
        "want",
        "would",
        "like",
        "it",
        "them",
        "give",
        "have",
        "has",
        "for",
        "as",
        "of",
        "scheme",
        "palette",
        "mode",
        "theme",
        "dark",
        "light",
        "night",
        "font",
        "fonts",
        "serif",
        "monospace",
        "mono",
        "sans",
        "rounded",
        "compact",
        "spacious",
        "dense",
        "airy",
        "look",
        "spacing",
    ]
)
"""Words of a phrase about the look that say nothing about what the app is."""
_SEPARATORS = re.compile(r"(\s*[,;.!?()\u2014\u2013]+\s*|\s+-\s+|\s+(?:and|but|while|whereas|plus)\s+)", re.I)
_TOKEN = re.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|[a-z]+")
_COLOUR_TALK = re.compile(r"\b(colou?rs?|colou?red|palette|scheme|shades?|tones?|themed?)\b")


@dataclass
class Mention:
    """A colour found in a phrase: where it stands (word indexes), as written, and its value."""

    first: int
    last: int
    asked: str
    value: str
    role: str | None = None
    cue: int | None = None


_RGB = re.compile(r"\brgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+%?\s*)?\)", re.I)


def rgb_as_hex(text: str) -> str:
    """CSS's ``rgb(16, 32, 48)`` written as the hex it is (``#102030``): one word, as a hex value
    is, so the commas inside it part no phrase. Alpha is dropped: the theme's colours are opaque."""
    return _RGB.sub(lambda m: "#" + "".join(f"{min(int(c), 255):02x}" for c in m.groups()), text)


def colour_roles(text: str) -> dict[str, tuple[str, str]]:
    """role → (the colour as the request wrote it, its hex), for every colour the request gives."""
    lowered = rgb_as_hex(text).lower()
    talk = bool(_COLOUR_TALK.search(lowered))
    roles: dict[str, tuple[str, str]] = {}
    unbound: list[Mention] = []
    for segment in _segments(lowered):
        words = [m.group() for m in _TOKEN.finditer(segment)]
        for mention in bind(words, talk):
            if mention.role and mention.role not in roles:
                roles[mention.role] = (mention.asked, mention.value)
            else:
                unbound.append(mention)
    for mention in unbound:  # a colour with no role word: the components, then the page
        for role in ("accent", "background"):
            if role not in roles:
                roles[role] = (mention.asked, mention.value)
                break
    return roles


def bind(words: list[str], talk: bool) -> list[Mention]:
    """The colours of one phrase, each with the role its phrase gives it (None: no role said)."""
    mentions = _colours(words, talk or any(w in _ROLE_OF for w in words))
    taken: set[int] = set()
    for mention in mentions:
        cue = _role_after(words, mention.last)
        if cue is None:
            before = [i for i in range(mention.first - 1, -1, -1) if words[i] in _ROLE_OF and i not in taken]
            cue = before[0] if before and not _inside_colour(before[0], mentions) else None
        if cue is not None:
            mention.role, mention.cue = _ROLE_OF[words[cue]], cue
            taken.add(cue)
    return [m for m in mentions if not _names_a_thing(words, m)]


_ABOUT_THE_LOOK = STYLE_FILLER | _CONNECTORS | _COLOUR_NOUNS | _ROLE_OF.keys() | MODIFIERS.keys() | {
    "or", "please", "too", "also", "everywhere", "throughout", "overall", "only", "vibe", "vibes", "feel",
    "aesthetic", "tint", "accented",
}  # fmt: skip


def _names_a_thing(words: list[str], mention: Mention) -> bool:
    """A one-word colour no role owns, other than a plain one, set before a word that is not about
    the look: it says what that thing is ("a rose garden", "a forest trail", "pearl jewellery")."""
    if mention.role is not None or mention.first != mention.last or mention.asked in PLAIN:
        return False
    after = mention.last + 1
    return (
        not mention.asked.startswith("#")
        and after < len(words)
        and words[after] not in _ABOUT_THE_LOOK
        and _colour_at(words, after, True) is None
    )


def _inside_colour(index: int, mentions: list[Mention]) -> bool:
    return any(m.first <= index <= m.last for m in mentions)


def _role_after(words: list[str], last: int) -> int | None:
    """The role word right after a colour ("crimson buttons", "navy coloured header"), or after
    a connector ("navy for the components", "white as the background colour")."""
    i = last + 1
    while i < len(words) and words[i] in _COLOUR_NOUNS:
        i += 1
    if i < len(words) and words[i] in _ROLE_OF:
        return i
    if i < len(words) and words[i] in _CONNECTORS:
        j = i + 1
        while j < len(words) and words[j] in _ARTICLES:
            j += 1
        if j < len(words) and words[j] in _ROLE_OF:
            return j
    return None


def _colours(words: list[str], role_talk: bool) -> list[Mention]:
    found: list[Mention] = []
    i = 0
    while i < len(words):
        mention = _colour_at(words, i, role_talk)
        if mention is None:
            i += 1
            continue
        found.append(mention)
        i = mention.last + 1
    return found


def _colour_at(words: list[str], i: int, role_talk: bool) -> Mention | None:
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
            target, share = MODIFIERS[words[i]]
            return Mention(
                i,
                i + size - 1,
                " ".join(words[i : i + size]),
                CSS_COLORS[nearest_css_name(base, target, share)],
            )
        if size == 2 and words[i] in ALL_COLOURS and words[i] not in PLAIN and words[i + 1] in HUES:
            return Mention(i, i + 1, f"{words[i]} {words[i + 1]}", ALL_COLOURS[words[i]])  # "ivory white"
    return None


def _segments(text: str) -> list[str]:
    return [part for n, part in enumerate(_SEPARATORS.split(text)) if n % 2 == 0]


def without_theme(text: str) -> str:
    """``text`` without its phrases about the look: "a workout log in forest green on a honeydew
    background" → "a workout log"; "… appointments. Use white for the background and navy for the
    components." → "… appointments."."""
    text = rgb_as_hex(text)
    talk = bool(_COLOUR_TALK.search(text.lower()))
    parts = _SEPARATORS.split(text)
    kept: list[str] = []
    for n in range(0, len(parts), 2):
        cut = _style_start(parts[n], talk)
        segment = parts[n] if cut is None else parts[n][:cut].rstrip(" :,-")
        if segment.strip():
            kept += [parts[n - 1] if n and kept else "", segment]
        elif kept and n == len(parts) - 1 and parts[n - 1].strip() in ".!?":
            kept.append(parts[n - 1])  # the sentence's own full stop
    cleaned = "".join(kept)
    cleaned = re.sub(r"(?:\s+(?:and|but|while|whereas|plus))+\s*(?=[,;.!?]|$)", "", cleaned, flags=re.I)
    cleaned = re.sub(r"(\s*[,;:\u2014\u2013-]\s*)+(?=[.!?]|$)", "", cleaned)
    cleaned = re.sub(r"([.!?])(\s*[,;.!?]+)+", r"\1", cleaned)
    cleaned = re.sub(r"(^|[.!?]\s)\s*[,;.]+\s*", r"\1", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,;:")


def _style_start(part: str, talk: bool) -> int | None:
    """Where a phrase about the look begins in one segment (a character offset), or None."""
    tokens = list(_TOKEN.finditer(part.lower()))
    words = [t.group() for t in tokens]
    if not words:
        return None
    mentions = bind(words, talk or any(w in _ROLE_OF for w in words))
    starts = [m.first for m in mentions] + [m.cue for m in mentions if m.cue is not None]
    starts += [
        i
        for i, w in enumerate(words[:-1])
        if w in ("dark", "light", "night") and words[i + 1] in ("mode", "theme")
    ]
    if not starts:
        looks = any(w in _ROLE_OF or w in ("mode", "font", "fonts", "layout", "spacing") for w in words)
        return 0 if looks and all(w in STYLE_FILLER or w in _ROLE_OF for w in words) else None
    first = min(starts)
    while first > 0 and (
        words[first - 1] in STYLE_FILLER or (words[first - 1] in _ROLE_OF and _bound(first - 1, mentions))
    ):
        first -= 1
    return tokens[first].start()


def _bound(index: int, mentions: list[Mention]) -> bool:
    return any(m.cue == index for m in mentions)
