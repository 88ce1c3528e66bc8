"""How an offline app is summed up: the request's own first sentence, then what the app keeps."""

from __future__ import annotations

import re

from pipeline.artifacts import Entity
from pipeline.templates.lead_in import LEAD_IN


def request_gist(text: str, theme_free: str) -> str:
    """The request in a sentence, without what it said about colours: the summary opens with it,
    so the plan keeps the request's own words."""
    first = re.split(r"(?<=[.!?])\s", theme_free.strip(), maxsplit=1)[0].strip(" .!?,")
    first = LEAD_IN.sub("", first).strip(" .!?,")
    if not first:
        return ""
    gist = first[:1].upper() + first[1:]
    return (gist if len(gist) <= 160 else gist[:157].rsplit(" ", 1)[0] + "…") + "."


def summary_for(app_name: str, entities: list[Entity], features: set[str], gist: str = "") -> str:
    things = ", ".join(e.plural_label.lower() for e in entities)
    extras = {
        "search": "search",
        "filtering": "filters",
        "completion_toggle": "marking items done",
        "due_dates": "due dates",
        "tags": "tags",
        "monthly_totals": "monthly totals",
        "relations": "linked records",
    }
    listed = [extras[f] for f in sorted(features) if f in extras]
    keeps = f"{app_name} keeps {things}, each with a list, a form to add and edit, and delete." + (
        f" It supports {', '.join(listed)}." if listed else ""
    )
    return f"{gist} {keeps}".strip() if gist else keeps
