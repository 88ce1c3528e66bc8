"""Free-text request → :class:`AppSpec`, offline and deterministic.

The extractor reads a request the way a person would: which kind of app it names
(``KINDS``), which things it wants to keep (``NOUNS``), which extra fields a thing
should have ("recipes have ingredients and cooking time"), and which features it
asks for (search, filtering, due dates, tags, monthly totals…). A request it does
not recognise becomes a generic app about the thing it names, never an error.
"""

from __future__ import annotations

import re

from pipeline.artifacts import Entity, EntityField, FieldType, Plan
from pipeline.templates import naming
from pipeline.templates.vocabulary import KINDS, NOUNS, Kind, canonical_noun, parse_field

AppSpec = Plan
"""The offline path's spec *is* CORE's plan: one model, whichever path made it."""

_FILLER = re.compile(
    r"^\s*(?:(?:please|pls|can|could|would|you|i|we|want|need|would like|like|to|help|me|us|"
    r"build|make|create|generate|write|code|design|develop|give|set up|setup|an?|the|simple|small|"
    r"basic|quick|tiny|little|nice|modern|full[- ]?stack|web|my|our)\b[\s,]*)+",
    re.IGNORECASE,
)
_STOP = {
    "a", "an", "the", "app", "apps", "application", "web", "website", "site", "webapp", "tool", "system",
    "platform", "dashboard", "manager", "management", "tracker", "tracking", "organizer", "organiser",
    "for", "to", "of", "my", "our", "with", "and", "or", "that", "which", "where", "who", "in", "on", "by",
    "simple", "small", "basic", "build", "make", "create", "me", "please", "i", "we", "want", "need",
    "track", "manage", "keep", "store", "list", "log", "handle", "help", "some", "all", "new", "lets",
    "let", "can", "users", "user", "people", "things", "stuff", "using", "react", "fastapi", "python",
    "full", "stack", "frontend", "backend", "api", "crud", "like", "it", "is", "are", "be", "also",
    "organize", "organise", "organizing", "manages", "tracks", "planner", "catalog", "catalogue", "personal",
    "collect", "collecting", "record", "keeping", "about", "from", "into", "each", "every", "your", "their",
}  # fmt: skip
_LIST_FILLER = {
    "a",
    "an",
    "the",
    "their",
    "its",
    "his",
    "her",
    "some",
    "my",
    "our",
    "your",
    "with",
    "of",
    "for",
    "all",
    "any",
}
_COLLECTIVE = {"fleet", "collection", "catalog", "catalogue", "list", "set", "group", "database", "portfolio",
               "archive", "registry", "log", "inventory", "library"}  # fmt: skip
_APP_WORDS = {
    "manager",
    "tracker",
    "planner",
    "organizer",
    "organiser",
    "log",
    "catalog",
    "app",
    "hub",
    "book",
}
_ENTITY_LIST = re.compile(
    r"\b(?:track(?:s|ing)?|manag(?:e|es|ing)|stor(?:e|es|ing)|organi[sz](?:e|es|ing)|"
    r"log(?:s|ging)?\s+(?:my|our|the|all)|keep(?:s|ing)?\s+track\s+of|catalog(?:ue)?s?|of|for|with)\s+([a-z0-9 ,'-]+?)(?=$|[.;:!?]|\b(?:where|which|that|so|who|having|has|have|including)\b)"
)
_HAS_FIELDS = re.compile(
    r"\b([a-z]+(?:\s[a-z]+)?)\s+(?:have|has|having|with|contain|contains|include|includes|should\s+have|need)\s+"
    r"(?:an?\s+|the\s+)?([a-z0-9 ,'-]+?)(?=$|[.;:!?]|\b(?:where|which|that|so)\b)"
)
_CALLED = re.compile(
    r"\b(?:called|named|titled)\s+[\"']?([A-Za-z0-9][A-Za-z0-9 '&-]{1,40}?)[\"']?(?=$|[.,;!?]|\s+(?:with|where|for|that)\b)"
)

_FEATURE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bsearch(able|ing)?\b|\bfind\b", "search"),
    (r"\bfilter(s|ing|able)?\b|\bsort(ing)?\b", "filtering"),
    (r"\bdue[\s-]?dates?\b|\bdeadlines?\b", "due_dates"),
    (r"\btags?\b|\blabels?\b", "tags"),
    (r"\b(monthly|per[\s-]month)\s+(totals?|summar(y|ies)|reports?|breakdown|spending)\b|\btotals?\s+(per|by)\s+month\b|\bstatistics\b|\bstats\b", "monthly_totals"),
    (r"\b(mark(ed)?\s+(as\s+)?(done|complete|completed)|complet(e|ed|ion)|check(ed)?\s+off|done)\b", "completion_toggle"),
)  # fmt: skip

# Words in a "with …" list that mean a field of the main entity, not a new entity.
_FIELD_WORDS: dict[str, str] = {
    "due date": "due_date:date", "due dates": "due_date:date", "deadline": "due_date:date", "deadlines": "due_date:date",
    "tag": "tags:tags", "tags": "tags:tags", "label": "tags:tags", "labels": "tags:tags",
    "priority": "priority:string[low|medium|high]", "priorities": "priority:string[low|medium|high]",
    "rating": "rating:integer", "ratings": "rating:integer", "stars": "rating:integer",
    "note": "notes:text", "notes": "notes:text", "comments": "notes:text",
    "photo": "image_url:url", "photos": "image_url:url", "image": "image_url:url", "images": "image_url:url", "picture": "image_url:url",
    "price": "price:number", "prices": "price:number", "cost": "cost:number", "costs": "cost:number",
    "location": "location:string", "locations": "location:string", "address": "address:string",
    "status": "status:string[todo|in_progress|done]", "statuses": "status:string[todo|in_progress|done]",
    "description": "description:text", "descriptions": "description:text",
    "email": "email:email", "emails": "email:email", "phone": "phone:string", "phone number": "phone:string",
    "url": "url:url", "urls": "url:url", "link": "url:url", "links": "url:url", "website": "website:url",
    "quantity": "quantity:integer", "quantities": "quantity:integer", "amount": "amount:number", "amounts": "amount:number",
    "ingredients": "ingredients:text", "instructions": "instructions:text", "steps": "instructions:text",
    "duration": "duration_minutes:integer", "servings": "servings:integer", "calories": "calories:integer",
    "completion": "done:boolean", "completion status": "done:boolean", "done": "done:boolean", "completed": "done:boolean",
    "reminder": "remind_at:datetime", "reminders": "remind_at:datetime", "start date": "starts_on:date", "end date": "ends_on:date",
    "budget": "budget:number", "budgets": "budget:number", "author": "author:string", "authors": "author:string",
}  # fmt: skip
_NOT_FIELDS = {"search", "filtering", "filter", "filters", "sorting", "monthly totals", "totals", "statistics", "stats",
               "search and filtering", "ability", "support", "ui", "nice ui", "dark mode", "pagination"}  # fmt: skip


def extract_spec(prompt: str) -> AppSpec:
    """Read a request and return the plan of the app it asks for."""
    text = " ".join(prompt.split()).strip()
    lowered = text.lower()
    kind = _match_kind(lowered)
    entities: dict[str, Entity] = {}
    extra_fields: dict[str, list[EntityField]] = {}
    features: set[str] = set()

    for name in kind.entities if kind else ():
        _add_entity(entities, name)
    features.update(kind.features if kind else ())

    body = _FILLER.sub("", lowered)
    for match in _HAS_FIELDS.finditer(body):
        owner = _owner_entity(match[1], entities)
        if owner is None:
            continue
        for item in _split_list(match[2]):
            field = _field_from_words(item)
            if field is not None:
                extra_fields.setdefault(owner, []).append(field)

    primary = next(iter(entities), None)
    for match in _ENTITY_LIST.finditer(body):
        for item in _split_list(match[1]):
            if item in _NOT_FIELDS or any(re.search(p, item) for p, _ in _FEATURE_WORDS[:2]):
                continue
            noun = canonical_noun(naming.snake(item)) or canonical_noun(naming.snake(item.split()[-1]))
            if item in ("category", "categories"):
                _add_categories(entities, extra_fields, primary)
            elif noun and (noun not in ("product",) or kind is None or kind.key in ("inventory", "shop")):
                if noun not in entities:
                    _add_entity(entities, noun)
            elif item in _FIELD_WORDS and primary:
                extra_fields.setdefault(primary, []).append(parse_field(_FIELD_WORDS[item]))
            elif kind is None and item not in _FIELD_WORDS and _names_things(item):
                # An unknown app that names its things: "a beekeeping log with hives and inspections".
                name = naming.identifier(naming.singularize(naming.snake(item)), fallback="item")
                entities.setdefault(name, _generic_entity(name))
                primary = primary or name
            elif primary and match[0].startswith("with") and len(item.split()) <= 3:
                field = _field_from_words(item)
                if field is not None:
                    extra_fields.setdefault(primary, []).append(field)

    for pattern, feature in _FEATURE_WORDS:
        if re.search(pattern, lowered):
            features.add(feature)

    if not entities:
        primary_name = _generic_entity_name(body)
        entities[primary_name] = _generic_entity(primary_name)
    primary = next(iter(entities))
    if "due_dates" in features and not any(_has_type(e, "date", "due") for e in entities.values()):
        extra_fields.setdefault(primary, []).append(parse_field("due_date:date"))
    if "tags" in features and not any(f.type == "tags" for e in entities.values() for f in e.fields):
        extra_fields.setdefault(primary, []).append(parse_field("tags:tags"))
    if "completion_toggle" in features and not any(f.type == "boolean" for f in entities[primary].fields):
        extra_fields.setdefault(primary, []).append(parse_field("done:boolean"))

    for owner, fields in extra_fields.items():
        entity = entities[owner]
        for field in fields:
            if entity.field(field.name) is None:
                entity.fields.append(field)

    ordered = _order_by_dependencies(entities)
    features = _settled_features(ordered, features)
    app_name = _app_name(text, kind, ordered[0])
    return Plan(
        app_name=app_name,
        slug=naming.slugify(app_name),
        summary=_summary(app_name, ordered, features),
        features=sorted(features),
        entities=ordered,
        pages=[e.plural_label for e in ordered],
        kind=kind.key if kind else "generic",
    )


def _match_kind(lowered: str) -> Kind | None:
    best: tuple[int, int, Kind] | None = None
    for order, kind in enumerate(KINDS):
        found = re.search(kind.pattern, lowered)
        if found and (best is None or (found.start(), order) < best[:2]):
            best = (found.start(), order, kind)
    return best[2] if best else None


def make_entity(name: str, field_specs: list[str]) -> Entity:
    plural = naming.pluralize(name)
    fields = [parse_field(spec) for spec in field_specs]
    title = next((f.name for f in fields if f.type in ("string", "text") and f.required), fields[0].name)
    return Entity(
        name=name,
        plural=plural,
        label=naming.label(name),
        plural_label=naming.label(plural),
        fields=fields,
        title_field=title,
    )


def _add_entity(entities: dict[str, Entity], name: str) -> None:
    if name in entities:
        return
    entities[name] = make_entity(name, NOUNS[name])


def _add_categories(
    entities: dict[str, Entity], extra: dict[str, list[EntityField]], primary: str | None
) -> None:
    _add_entity(entities, "category")
    if primary and primary != "category" and entities[primary].field("category_id") is None:
        extra.setdefault(primary, []).append(parse_field("category_id:reference(category)"))


def _owner_entity(words: str, entities: dict[str, Entity]) -> str | None:
    for candidate in (words, words.split()[-1]):
        noun = canonical_noun(naming.snake(candidate))
        if noun and noun in entities:
            return noun
        if noun and noun in NOUNS and not entities:
            _add_entity(entities, noun)
            return noun
    return None


def _split_list(chunk: str) -> list[str]:
    items = re.split(r",|\band\b|\bor\b|&|/|\bplus\b", chunk)
    cleaned: list[str] = []
    for item in items:
        words = [w for w in re.findall(r"[a-z0-9']+", item) if w not in _LIST_FILLER]
        if words:
            cleaned.append(" ".join(words))
    return cleaned


def _field_from_words(item: str) -> EntityField | None:
    if item in _NOT_FIELDS:
        return None
    if item in _FIELD_WORDS:
        return parse_field(_FIELD_WORDS[item])
    words = [w for w in item.split() if w not in _STOP]
    if not words or len(words) > 3:
        return None
    name = naming.identifier(" ".join(words), fallback="field")
    return EntityField(name=name, type=_infer_type(name), label=naming.label(name))


def _infer_type(name: str) -> FieldType:
    last = name.rsplit("_", 1)[-1]
    if name.startswith(("is_", "has_")) or last in {
        "done",
        "completed",
        "active",
        "published",
        "paid",
        "archived",
        "favorite",
        "favourite",
        "read",
        "watched",
    }:
        return "boolean"
    if last in {"date", "on", "deadline", "birthday", "day"}:
        return "date"
    if last == "at" or name in {"start_time", "end_time"}:
        return "datetime"
    if last == "time" or last in {
        "minutes",
        "hours",
        "count",
        "quantity",
        "servings",
        "year",
        "age",
        "pages",
        "calories",
        "rating",
        "score",
        "level",
        "number",
        "reps",
        "sets",
        "size",
    }:
        return "integer"
    if last in {
        "price",
        "cost",
        "amount",
        "total",
        "budget",
        "salary",
        "value",
        "weight",
        "balance",
        "fee",
        "rate",
        "distance",
        "height",
    }:
        return "number"
    if last in {"email"}:
        return "email"
    if last in {"url", "link", "website"}:
        return "url"
    if last in {"tags", "labels", "keywords"}:
        return "tags"
    if last in {
        "description",
        "notes",
        "content",
        "body",
        "ingredients",
        "instructions",
        "bio",
        "summary",
        "comments",
        "details",
        "steps",
    }:
        return "text"
    return "string"


def _names_things(item: str) -> bool:
    words = item.split()
    last = words[-1]
    return 1 <= len(words) <= 2 and last not in _STOP and naming.singularize(last) != last and len(last) > 3


def _has_type(entity: Entity, ftype: str, hint: str) -> bool:
    return any(f.type == ftype and hint in f.name for f in entity.fields)


def _generic_entity_name(body: str) -> str:
    words = naming.ascii_words(body)
    run: list[str] = []
    for word in words:
        if word in _STOP or word.isdigit():
            if run:
                break
            continue
        run.append(word)
    run = [w for w in run[:3] if w not in _COLLECTIVE][:2]
    if not run:
        return "item"
    run[-1] = naming.singularize(run[-1])
    return naming.identifier("_".join(run), fallback="item")


def _generic_entity(name: str) -> Entity:
    return make_entity(name, ["name:string!", "description:text", "category:string", "active:boolean"])


def _order_by_dependencies(entities: dict[str, Entity]) -> list[Entity]:
    """Drop links to things the app does not have; keep the request's order otherwise."""
    for entity in entities.values():
        entity.fields = [f for f in entity.fields if f.type != "reference" or f.references in entities]
    return list(entities.values())


def _settled_features(entities: list[Entity], asked: set[str]) -> set[str]:
    """What the app will really have: what was asked, less what its entities cannot support,
    plus what their fields imply (a boolean means filtering, a link means relations…)."""
    found = set(asked) | {"search", "single_user"}
    fields = [f for e in entities for f in e.fields]
    if any(f.type in ("boolean", "reference") or f.choices for f in fields):
        found.add("filtering")
    if any(f.type == "reference" for f in fields):
        found.add("relations")
    if any(f.type == "tags" for f in fields):
        found.add("tags")
    if any(f.type == "date" and ("due" in f.name or "deadline" in f.name) for f in fields):
        found.add("due_dates")
    if not any(_totals_fields(e) for e in entities):
        found.discard("monthly_totals")  # nothing with an amount and a date to total
    return found


def _totals_fields(entity: Entity) -> tuple[str, str] | None:
    from pipeline.templates.contract import totals_fields

    return totals_fields(entity)


def _app_name(text: str, kind: Kind | None, primary: Entity) -> str:
    called = _CALLED.search(text)
    if called:
        return naming.title_case(called[1].strip())
    if kind:
        return kind.app_name
    words = naming.ascii_words(_FILLER.sub("", text.lower()))
    run: list[str] = []
    for word in words:
        if word in _STOP and not (run and word in _APP_WORDS):
            if run:
                break
            continue
        run.append(word)
    return naming.title_case(" ".join(run[:4])) if run else primary.plural_label


def _summary(app_name: str, entities: list[Entity], features: set[str]) -> str:
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
