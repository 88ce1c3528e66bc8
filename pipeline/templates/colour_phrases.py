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

from pipeline.templates.colour_words import (
    APP_NOUNS,
    ARTICLES,
    COLOUR_NOUNS,
    CONNECTORS,
    HUES,
    MODIFIERS,
    NEGATIONS,
    PLAIN,
    ROLE_CUES,
    STYLE_FILLER,
)
from pipeline.templates.css_colors import ALL_COLOURS, CSS_COLORS, nearest_css_name

_ROLE_OF = {cue: role for role, cues in ROLE_CUES.items() for cue in cues}
_SEPARATORS = re.compile(r"(\s*[,;.!?()\u2014\u2013]+\s*|\s+-\s+|\s+(?:and|but|while|whereas|plus)\s+)", re.I)
_TOKEN = re.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|[a-z]+")
_COLOUR_TALK = re.compile(
    r"\b(colou?rs?|colou?red|palette|scheme|shades?|tones?|themed?)\b|\bthroughout\s*(?:[.,;!?]|$)"
)
_DARK_MODE = re.compile(r"\b(dark|night)\s+(mode|theme)\b")
_HEX_THEN_NAME = re.compile(r"(#[0-9a-f]{6}\b|#[0-9a-f]{3}\b)\s*\(([a-z\s-]+)\)")
_NAME_THEN_HEX = re.compile(r"\b((?:[a-z]+[\s-]+){1,6})\(\s*(#[0-9a-f]{6}\b|#[0-9a-f]{3}\b)\s*\)")
_ALSO_DETAILS = frozenset(["page", "pages"])
"""Part words that are a detail of a thing when no colour goes with them ("author, genre, pages")."""
_LOOK_WORDS = frozenset(["mode", "font", "fonts", "layout", "spacing", "palette", "scheme"])
LIGHT_PAGE, DARK_PAGE = 0.8, 0.02
"""A colour at least this light (relative luminance) can be the page; one this dark, when the
request's text colour reads on it."""


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


def colour_roles(text: str) -> dict[str, tuple[str, str]]:
    """role → (the colour as the request wrote it, its hex), for every colour the request gives."""
    lowered = one_colour_in_brackets(rgb_as_hex(text).lower())
    talk = bool(_COLOUR_TALK.search(lowered))
    roles: dict[str, tuple[str, str]] = {}
    unbound: list[tuple[str, str]] = []
    for segment in _segments(lowered):
        words = [m.group() for m in _TOKEN.finditer(segment)]
        for mention in bind(words, talk):
            if mention.refused:
                continue
            if mention.role and mention.role not in roles:
                roles[mention.role] = (mention.asked, mention.value)
            elif (mention.asked, mention.value) not in unbound:
                unbound.append((mention.asked, mention.value))
    _place(roles, [c for c in unbound if c not in roles.values()], bool(_DARK_MODE.search(lowered)))
    return roles


def _place(roles: dict[str, tuple[str, str]], left: list[tuple[str, str]], dark: bool) -> None:
    """Colours no role word owns ("brand colours X and Y", "palette: …", "X and Y throughout"):
    a light one is the page when none is given (not in dark mode), or a very dark one the given
    text reads on; the first of the rest that shows on the page is the components; a leftover that reads
    strongly on the page (7:1) is the text."""
    from pipeline.templates.theme import contrast, luminance  # theme reads colours through this module

    if "background" not in roles:
        light = [c for c in left if luminance(c[1]) >= LIGHT_PAGE and not dark]
        text = roles.get("text")
        under = [c for c in left if text and luminance(c[1]) <= DARK_PAGE and contrast(c[1], text[1]) >= 4.5]
        page = max(light, key=lambda c: luminance(c[1])) if light else next(iter(under), None)
        if page:
            roles["background"] = page
            left.remove(page)
    page_value = roles["background"][1] if "background" in roles else None
    if "accent" not in roles and left:
        shows = [c for c in left if page_value is None or contrast(c[1], page_value) >= 1.5]
        roles["accent"] = (shows or left)[0]
        left.remove(roles["accent"])
    if "text" not in roles and page_value:
        text_colour = next((c for c in left if contrast(c[1], page_value) >= 7), None)
        if text_colour:
            roles["text"] = text_colour


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


def bind(words: list[str], talk: bool) -> list[Mention]:
    """The colours of one phrase, each with the role its phrase gives it (None: no role said)."""
    mentions = _colours(words, talk or any(w in _ROLE_OF for w in words))
    taken: set[int] = set()
    for mention in mentions:
        mention.refused = _refused(words, mention)
        cue = _role_after(words, mention.last)
        if cue is None:
            before = [
                i
                for i in range(mention.first - 1, -1, -1)
                if words[i] in _ROLE_OF and i not in taken and not _qualifies(words, i)
            ]
            cue = before[0] if before and not _inside_colour(before[0], mentions) else None
        if cue is not None:
            mention.role, mention.cue = _ROLE_OF[words[cue]], cue
            taken.add(cue)
    return [m for m in mentions if not _names_a_thing(words, m)]


_ABOUT_THE_LOOK = STYLE_FILLER | CONNECTORS | COLOUR_NOUNS | _ROLE_OF.keys() | MODIFIERS.keys() | {
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


def _refused(words: list[str], mention: Mention) -> bool:
    return any(w in NEGATIONS for w in words[max(0, mention.first - 3) : mention.first])


def _qualifies(words: list[str], i: int) -> bool:
    """A role word before another one qualifies it ("body text", "page titles")."""
    return i + 1 < len(words) and words[i + 1] in _ROLE_OF


def _inside_colour(index: int, mentions: list[Mention]) -> bool:
    return any(m.first <= index <= m.last for m in mentions)


def _role_after(words: list[str], last: int) -> int | None:
    """The role word right after a colour ("crimson buttons", "navy coloured header"), or after
    a connector ("navy for the components", "white as the background colour")."""
    i = last + 1
    while i < len(words) and words[i] in COLOUR_NOUNS:
        i += 1
    if i < len(words) and words[i] in _ROLE_OF:
        return i + 1 if _qualifies(words, i) else i
    if i < len(words) and words[i] in CONNECTORS:
        j = i + 1
        while j < len(words) and words[j] in ARTICLES:
            j += 1
        if j < len(words) and words[j] in _ROLE_OF:
            return j + 1 if _qualifies(words, j) else j
    return None


def _colours(words: list[str], role_talk: bool) -> list[Mention]:
    found: list[Mention] = []
    i = 0
    while i < len(words):
        mention = _colour_at(words, i, role_talk)
        if mention is None:
            i += 1
            continue
        if (
            role_talk
            or mention.asked.startswith("#")
            or _refused(words, mention)
            or _of_the_app(words, mention.last)
        ):
            found.append(mention)
        i = mention.last + 1
    return found


def _of_the_app(words: list[str], last: int) -> bool:
    """A colour in a phrase with no role word and no talk of colours is the app's when it ends
    its phrase ("a todo app in navy") or an app noun follows it ("a blue todo app"); before any
    other noun it is a thing's colour ("red wine", "a black labrador")."""
    after = words[last + 1 : last + 4]
    return not after or any(w in APP_NOUNS for w in after)


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


def without_colours(text: str) -> str:
    """``text`` with its colour words taken out, when what is left says more than the look: "a blue
    todo app" → "a todo app"; "purple buttons, lavender background" → ""."""
    lowered = text.lower() if len(text.lower()) == len(text) else text
    tokens = list(_TOKEN.finditer(lowered))
    words = [t.group() for t in tokens]
    mentions = _colours(words, True)
    left = [w for i, w in enumerate(words) if not _inside_colour(i, mentions)]
    if all(w in STYLE_FILLER or w in _ROLE_OF or w in MODIFIERS for w in left):
        return ""
    for m in reversed(mentions):
        text = text[: tokens[m.first].start()] + text[tokens[m.last].end() :]
    return re.sub(r"\s{2,}", " ", text).strip()


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
        looks = any(
            (w in _ROLE_OF and w not in _ALSO_DETAILS) or w in _LOOK_WORDS for w in words
        ) or (  # "no bright colours", not "a colour"
            any(w in COLOUR_NOUNS for w in words) and any(w in MODIFIERS for w in words)
        )
        return (
            0 if looks and all(w in STYLE_FILLER or w in _ROLE_OF or w in MODIFIERS for w in words) else None
        )
    first = min(starts)
    while first > 0 and (
        words[first - 1] in STYLE_FILLER or (words[first - 1] in _ROLE_OF and _bound(first - 1, mentions))
    ):
        first -= 1
    return tokens[first].start()


def _bound(index: int, mentions: list[Mention]) -> bool:
    return any(m.cue == index for m in mentions)
