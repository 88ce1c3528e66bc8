"""What an offline app is called and how it is summed up, from the request and its entities."""

from __future__ import annotations

from pipeline.artifacts import Entity
from pipeline.templates import naming
from pipeline.templates.vocabulary import Kind
from pipeline.templates.words import APP_WORDS, CALLED, FILLER, STOP


def app_name_for(text: str, kind: Kind | None, primary: Entity) -> str:
    called = CALLED.search(text)
    if called:
        return naming.title_case(called[1].strip())
    if kind:
        return kind.app_name
    words = naming.ascii_words(FILLER.sub("", text.lower()))
    run: list[str] = []
    for word in words:
        if word in STOP and not (run and word in APP_WORDS):
            if run:
                break
            continue
        run.append(word)
    return naming.title_case(" ".join(run[:4])) if run else primary.plural_label


def summary_for(app_name: str, entities: list[Entity], features: set[str]) -> str:
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
    return (
        f"{app_name} is a single-user web app to keep {things}, each with a list, a form to add and edit, "
        f"and delete. It supports {', '.join(listed)}."
    )
