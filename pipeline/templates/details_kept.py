"""Details a request lists for its things that the app does not keep.

``stated.listed_entities`` reads the details a request lists ("log my catches with the fish, the
weight and the lake"); extraction gives them to the app's things where it can. Where a kind's own
rules keep its things as they are (a game's, a poll's, a booking's), or a detail found no place,
the app leaves it out, and saying ``full`` would claim more than the app does.
"""

from __future__ import annotations

from pipeline.artifacts import Entity, EntityField
from pipeline.templates import naming
from pipeline.templates.phrases import already_kept
from pipeline.templates.vocabulary import canonical_noun
from pipeline.templates.words import COLLECTIVE, SOFTWARE_WORDS


def details_left_out(listed: list[Entity], kept: list[Entity]) -> list[str]:
    """For each thing whose details were listed, those no kept thing has (by name or under another
    name: ``phrases.already_kept``), in words: "keeping each catch's fish and lake"."""
    gaps: list[str] = []
    names = {e.name for e in kept}
    for thing in listed:
        missing = [
            f
            for f in thing.fields
            if not any(_has(entity, f) for entity in kept)
            # "employee records with…": a thing the app keeps, read as a detail
            and not any(
                naming.singularize(w) in names or canonical_noun(naming.singularize(w)) in names
                for w in f.name.split("_")
            )
        ]
        if not missing:
            continue
        words = _joined([naming.label(f.name).lower() for f in missing])
        plain = thing.name and not set(thing.name.split("_")) & (COLLECTIVE | SOFTWARE_WORDS)
        owner = naming.label(thing.name).lower() if plain else ""  # "a wine cellar inventory (…)": no owner
        gaps.append(f"keeping each {owner}'s {words}" if owner else f"keeping {words}")
    return gaps


def _has(entity: Entity, field: EntityField) -> bool:
    return entity.field(field.name) is not None or already_kept(entity, field)


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
