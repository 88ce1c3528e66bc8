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

from pipeline.templates.colour_mentions import Mention, one_colour_in_brackets, rgb_as_hex
from pipeline.templates.colour_mentions import colour_at as _colour_at
from pipeline.templates.colour_values import contrast, luminance
from pipeline.templates.colour_words import (
    APP_HEADS,
    APP_NOUNS,
    ARTICLES,
    COLOUR_NOUNS,
    CONNECTORS,
    MODIFIERS,
    NEGATIONS,
    PLAIN,
    ROLE_CUES,
    STYLE_FILLER,
)

_ROLE_OF = {cue: role for role, cues in ROLE_CUES.items() for cue in cues}
_SEPARATORS = re.compile(r"(\s*[,;.!?()\u2014\u2013]+\s*|\s+-\s+|\s+(?:and|but|while|whereas|plus)\s+)", re.I)
_TOKEN = re.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|[a-z]+")
_COLOUR_TALK = re.compile(
    r"\b(colou?rs?|colou?red|palette|scheme|shades?|tones?|themed?)\b|\bthroughout\s*(?:[.,;!?]|$)"
)
_DARK_MODE = re.compile(r"\b(dark|night)\s+(mode|theme)\b")
_ALSO_DETAILS = frozenset(["page", "pages"])
"""Part words that are a detail of a thing when no colour goes with them ("author, genre, pages")."""
_LOOK_WORDS = frozenset(["mode", "font", "fonts", "layout", "spacing", "palette", "scheme"])
LIGHT_PAGE, DARK_PAGE = 0.8, 0.02
"""A colour at least this light (relative luminance) can be the page; one this dark, when the
request's text colour reads on it."""


def colour_roles(text: str) -> dict[str, tuple[str, str]]:
    """role → (the colour as the request wrote it, its hex), for every colour the request gives."""
    lowered = one_colour_in_brackets(rgb_as_hex(text).lower())
    talk = bool(_COLOUR_TALK.search(lowered))
    roles: dict[str, tuple[str, str]] = {}
    unbound: list[tuple[str, str]] = []
    for start, end, whose in reversed(colour_lists(lowered)):
        words = [m.group() for m in _TOKEN.finditer(lowered[start:end])]
        if whose == "app":
            unbound += [
                (m.asked, m.value) for m in _colours(words, True) if (m.asked, m.value) not in unbound
            ]
        lowered = lowered[:start] + "x" + lowered[end:]
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


_LIST_JOIN = re.compile(r"\s*,?\s*")


def colour_lists(lowered: str) -> list[tuple[int, int, str]]:
    """Lists of two or more colours before one noun ("red, green and blue labels", "a white and
    gold wedding planner"): where each list stands in ``lowered`` and whose colours they are, the
    app's when the noun ends an app's name, else a thing's (labels, tags, pins: the app's data).
    A list before a role word ("red and blue buttons") or no noun is left to the phrases."""
    tokens = list(_TOKEN.finditer(lowered))
    words = [t.group() for t in tokens]
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        run = [m] if (m := _colour_at(words, i, True)) else []
        while run and (more := _next_in_list(lowered, tokens, run[-1].last)):
            run.append(more)
        if len(run) < 2:
            i = run[-1].last + 1 if run else i + 1
            continue
        head = _head_after(lowered, tokens, run[-1].last)
        if head and head[0] not in _ABOUT_THE_LOOK and _colour_at(head, 0, True) is None:
            whose = "app" if any(w in APP_HEADS for w in head) else "thing"
            found.append((tokens[run[0].first].start(), tokens[run[-1].last].end(), whose))
        i = run[-1].last + 1
    return found


def _next_in_list(lowered: str, tokens: list[re.Match[str]], last: int) -> Mention | None:
    """The colour after ``last`` in a list: after a comma, "and", "or" or ", and"."""
    j = last + 1
    joined = j < len(tokens) and tokens[j].group() in ("and", "or")
    j += joined
    if j >= len(tokens):
        return None
    gap = lowered[tokens[last].end() : tokens[j - joined].start()]
    if not _LIST_JOIN.fullmatch(gap) or not (joined or "," in gap):
        return None
    return _colour_at([t.group() for t in tokens], j, True)


def _head_after(lowered: str, tokens: list[re.Match[str]], last: int) -> list[str]:
    """Up to three words after ``last`` within its phrase."""
    head: list[str] = []
    for k in range(last + 1, min(last + 4, len(tokens))):
        if re.search(r"[,;.!?()]", lowered[tokens[k - 1].end() : tokens[k].start()]):
            break
        head.append(tokens[k].group())
    return head


def _place(roles: dict[str, tuple[str, str]], left: list[tuple[str, str]], dark: bool) -> None:
    """Colours no role word owns ("brand colours X and Y", "palette: …", "X and Y throughout"):
    a light one is the page when none is given (not in dark mode), or a very dark one the given
    text reads on; the first of the rest that shows on the page is the components; a leftover that reads
    strongly on the page (7:1) is the text."""
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


def _segments(text: str) -> list[str]:
    return [part for n, part in enumerate(_SEPARATORS.split(text)) if n % 2 == 0]


def without_theme(text: str) -> str:
    """``text`` without its phrases about the look, its own punctuation kept: "a workout log in
    forest green on a honeydew background" → "a workout log"; "… (queen seen, brood). Use white for
    the background and plain black text." → "… (queen seen, brood)."; "a white and gold wedding
    planner" → "a wedding planner". A list of colours of things ("red, green and blue labels")
    stays."""
    text = rgb_as_hex(text)
    lists = colour_lists(text.lower()) if len(text.lower()) == len(text) else []
    masked: dict[str, str] = {}
    for k, (start, end, whose) in enumerate(reversed(lists)):
        mask = "" if whose == "app" else f"zqxcolours{chr(97 + k % 26) * (1 + k // 26)}"
        masked[mask] = text[start:end]
        text = _without_list(text[:start], text[end:]) if whose == "app" else text[:start] + mask + text[end:]
    talk = bool(_COLOUR_TALK.search(text.lower()))
    parts = _SEPARATORS.split(text)
    kept = ""
    for n in range(0, len(parts), 2):
        joiner = ""
        if n:
            closing = re.match(r"\s*[).!?]+", parts[n - 1])
            joiner = parts[n - 1][closing.end() if closing else 0 :]
            for mark in closing.group().strip() if closing else "":
                kept += mark if _closes(kept, mark) else ""
        cut = _style_start(parts[n], talk)
        segment = parts[n] if cut is None else parts[n][:cut].rstrip(" :,-")
        if segment.strip():
            kept += (joiner if kept else "(" * ("(" in joiner)) + segment
    cleaned = re.sub(r"(?:\s+(?:and|but|while|whereas|plus))+\s*(?=[,;.!?]|$)", "", kept, flags=re.I)
    cleaned = re.sub(r"(\s*[,;:\u2014\u2013-]\s*)+(?=[.!?]|$)", "", cleaned)
    cleaned = re.sub(r"([.!?])(\s*[,;.!?]+)+", r"\1", cleaned)
    cleaned = re.sub(r"(^|[.!?]\s)\s*[,;.]+\s*", r"\1", cleaned)
    for mask, colours in masked.items():
        cleaned = cleaned.replace(mask, colours) if mask else cleaned
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,;:")


def _without_list(before: str, after: str) -> str:
    """The request with the app's colours taken from before its noun, its article fitted to the
    word that now follows it ("an orange and teal habit tracker" → "a habit tracker")."""
    after = after.lstrip()
    article = re.search(r"\b([Aa])n?\s+$", before)
    if article:
        vowel = re.match(r"[aeiou]", after, re.I) is not None
        before = before[: article.start()] + article.group(1) + ("n " if vowel else " ")
    return before + after


def _closes(kept: str, mark: str) -> bool:
    """A closing mark stays when what it closes is kept: ")" an open bracket, "." a sentence."""
    if mark == ")":
        return kept.count("(") > kept.count(")")
    return bool(kept.strip()) and kept.rstrip()[-1] not in ".!?"


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
