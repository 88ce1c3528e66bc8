"""Restaurant Menu, a plain CRUD kind: lists of its entities, nothing more."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, record_kind

DEFINITION = record_kind(
    "restaurant", 480,
    Cue(r"\b(restaurant|cafe)\b|(?<!side )(?<!drop-down )(?<!dropdown )(?<!navigation )(?<!nav )(?<!hamburger )(?<!context )(?<!settings )\bmenu\b(?!\s+(?:bar|button|icon|item\s+in\s+the\s+app)\b)", "Restaurant Menu", ("menu_item",)),
)  # fmt: skip
