"""The words ``colour_phrases`` reads colours by: the role words of each part of the app, colour
words that mean a colour wherever they stand, adjectives that shift a colour, and the filler of a
phrase about the look. Data only."""

from __future__ import annotations

ROLE_CUES: dict[str, frozenset[str]] = {
    "background": frozenset(
        ["background", "backgrounds", "bg", "backdrop", "page", "pages", "canvas", "base", "body", "backround"]
    ),
    "accent": frozenset(
        ["component", "components", "button", "buttons", "accent", "accents", "primary", "header", "headers",
         "link", "links", "highlight", "highlights", "nav", "navigation", "navbar", "tabs", "brand", "theme",
         "themed", "ui", "elements", "controls", "interface", "clickable", "cards", "tiles", "menus", "icons",
         "toolbar", "trim", "trims", "borders"]
    ),
    "text": frozenset(["text", "texts", "font", "fonts", "foreground", "letters", "writing", "typography"]),
    "heading": frozenset(["heading", "headings", "headline", "headlines", "titles"]),
}  # fmt: skip
"""Words that name a part of the app. A word before another role word qualifies it ("body text",
"page titles"): the last one is the role."""
PLAIN = frozenset(
    ["red", "green", "blue", "yellow", "purple", "pink", "teal", "navy", "black", "white", "gray", "grey", "cyan",
     "magenta", "maroon", "indigo", "turquoise", "crimson", "beige", "brown", "aqua", "azure", "fuchsia"]
)  # fmt: skip
"""Colour words that mean a colour wherever they stand; the others (chocolate, salmon, snow …)
count only in a phrase with a role word or in a request that talks about colours."""
HUES = frozenset(
    ["white", "black", "grey", "gray", "red", "green", "blue", "yellow", "orange", "purple", "pink", "brown"]
)
"""The basic colour words: after a colour's name ("ivory white", "jet black") they say its family."""
APP_NOUNS = frozenset(
    ["app", "apps", "application", "site", "website", "webpage", "page", "tracker", "log", "dashboard", "blog",
     "portal", "look", "design", "layout", "version", "style", "styling", "ui", "interface", "theme", "themed",
     "everything", "all"]
)  # fmt: skip
"""Nouns of the app itself: a plain colour before one of them ("a blue todo app") is the app's
colour; before any other noun ("red wine", "a black labrador") it is a thing's, not the look's."""
APP_HEADS = APP_NOUNS | frozenset(
    ["planner", "journal", "diary", "manager", "organizer", "organiser", "catalog", "catalogue", "calendar",
     "tool", "system", "hub", "notebook", "organiser", "scheduler", "directory", "shop", "store"]
)  # fmt: skip
"""Nouns that end the name of an app ("a wedding planner"): after a list of colours ("a white and
gold wedding planner") they make the colours the app's."""
NEGATIONS = frozenset(["no", "not", "without", "avoid", "never", "hate", "nothing", "t"])
"""Words that refuse the colour after them ("no red please", "don't use pink")."""
MODIFIERS: dict[str, tuple[str, float]] = {
    "light": ("#ffffff", 0.45), "pale": ("#ffffff", 0.55), "pastel": ("#ffffff", 0.6),
    "soft": ("#ffffff", 0.4), "baby": ("#ffffff", 0.5), "dark": ("#000000", 0.45),
    "deep": ("#000000", 0.25), "dusty": ("#808080", 0.4), "muted": ("#808080", 0.4),
    "bright": ("#ffffff", 0.0), "vivid": ("#ffffff", 0.0), "neon": ("#ffffff", 0.0), "warm": ("#ff8c00", 0.15),
    "cool": ("#4682b4", 0.15),
}  # fmt: skip
"""An adjective the colour lists lack, as a shift toward white, black or grey; the result is
then read as the nearest named colour."""
CONNECTORS = frozenset(["for", "as", "in", "on", "to", "across", "throughout", "of"])
ARTICLES = frozenset(["the", "all", "a", "an", "its", "every", "each", "our", "my", "main", "whole"])
COLOUR_NOUNS = frozenset(
    ["colour", "color", "colours", "colors", "coloured", "colored", "tone", "tones", "shade"]
)
STYLE_FILLER = frozenset(
    ["the", "a", "an", "all", "every", "its", "their", "our", "my", "with", "in", "on", "using", "use", "and",
     "color", "colour", "colors", "colours", "coloured", "colored", "paint", "make", "set", "style", "styled",
     "layout", "design", "should", "be", "is", "are", "to", "whose", "where", "everything", "clickable", "page",
     "base", "main", "please", "i", "want", "would", "like", "it", "them", "give", "have", "has", "for", "as",
     "of", "scheme", "palette", "mode", "theme", "dark", "light", "night", "font", "fonts", "serif", "monospace",
     "mono", "sans", "rounded", "compact", "spacious", "dense", "airy", "look", "spacing", "throughout", "else",
     "no", "not", "just", "at", "primary", "secondary", "brand", "pastel", "really", "pop", "stand", "out", "hate", "avoid",
     "without", "never", "plain", "pure", "solid"]
)  # fmt: skip
"""Words of a phrase about the look that say nothing about what the app is."""
