"""What a kind brings to a plan: the dashboard over a list's things, the things its own rules
read (a shop's products with their prices), and no entity whose routes its operations hold."""

from __future__ import annotations

from pipeline.artifacts import Entity
from pipeline.templates import naming
from pipeline.templates.fields import entity_of
from pipeline.templates.registry import BLUEPRINTS, KINDS
from pipeline.templates.vocabulary import DASHBOARD, NOUNS, PLACEHOLDER, Kind, parse_field


def with_dashboard(kind: Kind | None, lowered: str) -> Kind | None:
    """A request for charts over a list ("an expense dashboard") gets the dashboard kind over
    that list's things; a game or a tool keeps its own kind."""
    if not DASHBOARD.search(lowered) or (kind is not None and kind.key in BLUEPRINTS):
        return kind
    if kind is None:  # what it charts is named by the request ("a weather dashboard"): see below
        return Kind("dashboard", "", "Dashboard", (), ("monthly_totals",))
    name = kind.app_name.removesuffix(" Tracker").removesuffix(" List").removesuffix(" Log")
    return Kind("dashboard", "", f"{name} Dashboard", kind.entities, (*kind.features, "monthly_totals"))


def fit_to_kind(kind: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` with what the kind's own rules read (a shop's products with their prices and
    stock): a model's entity of that name missing one of those fields is replaced, a missing
    one added first."""
    blueprint = BLUEPRINTS.get(kind)
    entities = without_clashes(kind, entities)
    needed = [make_entity(noun, NOUNS[noun]) for noun in (blueprint.needs if blueprint else ())]
    if not needed:
        return entities
    by_name = {e.name: e for e in entities}
    fitted: list[Entity] = []
    for need in needed:
        given = by_name.pop(need.name, None)
        required = {f.name for f in need.fields if f.required}
        fitted.append(given if given and required <= {f.name for f in given.fields} else need)
    names = {e.name for e in fitted} | set(by_name)
    for entity in by_name.values():  # links to a replaced entity still resolve: same name
        entity.fields = [f for f in entity.fields if f.type != "reference" or f.references in names]
    return [*fitted, *by_name.values()]


def without_clashes(kind: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` but one whose routes the kind's own operations hold: a booking app's "booking"
    entity would make a second ``POST /api/bookings`` (the kind's bookings are those records), and
    links to a dropped entity go with it."""
    blueprint = BLUEPRINTS.get(kind)
    taken = {op["path"] for op in blueprint.operations} if blueprint else set()
    kept = [e for e in entities if f"/api/{naming.kebab(e.plural)}" not in taken]
    if not kept:  # "search for bookings": those are the kind's own records; what is booked is the
        # thing of the kind's catch-all cue (its last: "Bookings" of a "resource")
        own = [k.entities[0] for k in KINDS if k.key == kind and k.entities][-1:]
        kept = [make_entity(n, NOUNS.get(n, PLACEHOLDER)) for n in own] or entities
    names = {e.name for e in kept}
    for entity in kept:
        entity.fields = [f for f in entity.fields if f.type != "reference" or f.references in names]
    return kept


def make_entity(name: str, field_specs: list[str]) -> Entity:
    fields = [parse_field(spec) for spec in field_specs]
    title = next((f.name for f in fields if f.type in ("string", "text") and f.required), fields[0].name)
    return entity_of(name, fields, title)
