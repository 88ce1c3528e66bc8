"""A theme from the request: colours by the phrase that owns them (``colour_phrases``), dark or
light, a font and a density where one is named; and the colours the app's text takes so that
it stays readable (WCAG AA, 4.5:1) on them. The user's colours are never changed: only text is.

Pure functions over text. ``read_theme`` finds what was asked; ``palette`` turns it into the CSS
custom properties the generated frontend uses (``theme.css``).
"""

from __future__ import annotations

import re

from pipeline.artifacts import Theme
from pipeline.templates.colour_phrases import colour_roles
from pipeline.templates.colour_values import contrast, hex_of, luminance, rgb_of
from pipeline.templates.colour_words import HUES, MODIFIERS
from pipeline.templates.css_colors import ALL_COLOURS, css_name_of

FONTS = {
    "serif": ("serif", "classic", "elegant", "editorial"),
    "monospace": ("monospace", "mono", "terminal", "typewriter", "code-like", "hacker"),
    "rounded": ("rounded", "playful", "friendly", "cute"),
    "sans": ("sans", "sans-serif", "clean", "minimal", "minimalist"),
}
DENSITY = {"compact": ("compact", "dense", "tight"), "spacious": ("spacious", "airy", "roomy", "generous")}
AA = 4.5
"""WCAG 2 level AA for normal text."""


def read_theme(text: str) -> Theme | None:
    """What the request asks of the app's look, or None when it asks nothing."""
    lowered = text.lower()
    roles = colour_roles(text)
    mode = _mode(lowered)
    font = next(
        (f for f, cues in FONTS.items() if _says(lowered, cues + tuple(c + " font" for c in cues))), None
    )
    density = next((d for d, cues in DENSITY.items() if _says(lowered, cues)), None)
    if not roles and mode is None and font is None and density is None:
        return None
    return Theme.model_validate(
        {
            **{role: value for role, (_name, value) in roles.items()},
            "names": {role: name for role, (name, _value) in roles.items() if not name.startswith("#")},
            "mode": mode,
            "font": font,
            "density": density,
        }
    )


def merge_theme(base: Theme | None, asked: Theme) -> Theme:
    """A change to the look: what the change names replaces, the rest stays."""
    if base is None:
        return asked
    fields = {k: v for k, v in asked.model_dump().items() if v not in (None, {})}
    names = {**base.names, **asked.names}
    return base.model_copy(update={**fields, "names": names})


def _says(text: str, cues: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z-]){re.escape(cue)}(?![a-z-])", text) for cue in cues)


def _mode(text: str) -> str | None:
    if re.search(r"\b(dark (mode|theme|themed|ui|look|background)|night mode|dark-mode|dark-themed)\b", text):
        return "dark"
    if re.search(r"\b(light (mode|theme|themed|ui|look)|light-mode|light-themed)\b", text):
        return "light"
    return None


# --- colour arithmetic (WCAG 2) ---------------------------------------------------------------


def mix(a: str, b: str, share_of_b: float) -> str:
    ra, rb = rgb_of(a), rgb_of(b)
    return hex_of(tuple(x + (y - x) * share_of_b for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def readable(text: str, background: str, minimum: float = AA) -> str:
    """``text``, moved toward black or white (whichever the background is farther from) just
    enough to reach ``minimum`` contrast on ``background``."""
    if contrast(text, background) >= minimum:
        return text
    target = "#000000" if luminance(background) > 0.18 else "#ffffff"
    for step in range(1, 21):
        candidate = mix(text, target, step / 20)
        if contrast(candidate, background) >= minimum:
            return candidate
    return target


LIGHT = {
    "background": "#f5f7fa",
    "surface": "#ffffff",
    "text": "#1f2933",
    "accent": "#2563eb",
    "border": "#cbd2d9",
}
DARK = {
    "background": "#111827",
    "surface": "#1f2937",
    "text": "#f3f4f6",
    "accent": "#60a5fa",
    "border": "#374151",
}
FONT_STACKS = {
    "sans": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "serif": "Georgia, 'Times New Roman', Times, serif",
    "monospace": "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    "rounded": "ui-rounded, 'Nunito', 'Segoe UI', system-ui, sans-serif",
}
SPACING = {None: "1", "compact": "0.8", "spacious": "1.3"}


def palette(theme: Theme | None) -> dict[str, str]:
    """The CSS custom properties of the generated frontend (``--bg``, ``--text`` …), every text
    colour readable on what it sits on."""
    theme = theme or Theme()
    base = dict(DARK if theme.mode == "dark" else LIGHT)
    background = theme.background or base["background"]
    dark_page = luminance(background) < 0.18
    if theme.background and theme.mode is None:
        base = dict(DARK if dark_page else LIGHT)
    surface = mix(background, "#ffffff", 0.85) if not dark_page else mix(background, "#ffffff", 0.08)
    accent = theme.accent or base["accent"]
    text = readable(theme.text or base["text"], background)
    text = readable(text, surface)
    on_accent = max(("#ffffff", "#111111"), key=lambda c: contrast(c, accent))
    return {
        "--bg": background,
        "--surface": surface,
        "--text": text,
        "--muted": readable(mix(text, background, 0.3), surface),
        "--accent": accent,
        "--on-accent": on_accent,
        "--accent-text": readable(accent, surface),
        "--heading": readable(readable(theme.heading, background), surface) if theme.heading else text,
        "--border": mix(text, background, 0.75),
        "--font": FONT_STACKS[theme.font or "sans"],
        "--space": SPACING[theme.density],
    }


def described(theme: Theme | None) -> list[str]:
    """What was applied, in words, for the generated README."""
    if theme is None:
        return []
    colours = palette(theme)
    lines = []
    for role in ("background", "components"):
        value = theme.background if role == "background" else theme.accent
        if value:
            lines.append(
                f"{role}: {_named(theme.names.get('background' if role == 'background' else 'accent'), value)}"
            )
    if theme.heading:
        lines.append(f"headings: {_named(theme.names.get('heading'), theme.heading)}, on the page as "
                     f"{colours['--heading']}")  # fmt: skip
    asked_text = theme.text
    if asked_text and asked_text != colours["--text"]:
        lines.append(f"text: {_named(theme.names.get('text'), asked_text)}, darkened or lightened to "
                     f"{colours['--text']} to stay readable (WCAG AA)")  # fmt: skip
    else:
        lines.append(
            f"text: {colours['--text']} ({contrast(colours['--text'], colours['--bg']):.1f}:1 on the background)"
        )
    if theme.mode:
        lines.append(f"mode: {theme.mode}")
    if theme.font:
        lines.append(f"font: {theme.font}")
    if theme.density:
        lines.append(f"spacing: {theme.density}")
    return lines


def _named(asked: str | None, value: str) -> str:
    """A colour as the README says it: its name and value; for a name with its family's word
    ("ivory white") the name it was read as, and for a near-name ("muted crimson") the named
    colour it was read as."""
    if not asked:
        return value
    if asked.replace(" ", "") in ALL_COLOURS:
        return f"{asked} {value}"
    *name, family = asked.split()
    if family in HUES and "".join(name) in ALL_COLOURS:
        return f"{asked} (read as {' '.join(name)}) {value}"
    nearest = css_name_of(value)
    if nearest is None and name and name[0] in MODIFIERS:
        base = " ".join([*name[1:], family])
        toward = css_name_of(MODIFIERS[name[0]][0])
        return f"{asked} (no colour has that name: read as {base} moved toward {toward}) {value}"
    return f"{asked} (no colour has that name: read as the nearest named colour, {nearest}) {value}"
