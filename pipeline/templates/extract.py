"""Free-text request → :class:`AppSpec`, offline and deterministic.

The extractor reads a request the way a person would: which kind of app it names
(``KINDS``), which things it wants to keep (``NOUNS``), which extra fields a thing
should have ("recipes have ingredients and cooking time"), and which features it
asks for (search, filtering, due dates, tags, monthly totals…). A request it does
not recognise becomes a generic app about the thing it names, never an error.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.artifacts import Entity, EntityField, Plan
from pipeline.templates import naming
from pipeline.templates.booked import PLACEHOLDERS, SAME_AS, booked_details
from pipeline.templates.colour_phrases import without_colours, without_theme
from pipeline.templates.core_job import job_gaps
from pipeline.templates.describe import app_name_for
from pipeline.templates.details_kept import details_left_out
from pipeline.templates.fields import field_from_words, has_type, names_things, question_field
from pipeline.templates.fit import assess, placeholder_gap
from pipeline.templates.kept_things import cleaned_name, generic_entity_name, kept_item, thing_or_kept
from pipeline.templates.kind_context import site_sections
from pipeline.templates.kind_cues import match_kind, subject_span
from pipeline.templates.kind_fit import make_entity, with_dashboard, without_clashes
from pipeline.templates.measures import read_measures
from pipeline.templates.nearest import NEAREST, booked_thing, nearest_record, subject_thing
from pipeline.templates.phrases import already_kept, list_part
from pipeline.templates.registry import BLUEPRINTS
from pipeline.templates.stated import (
    asked_beside,
    listed_entities,
    makes_own_things,
    own_details,
    said_of_app,
    stated_entities,
    takes_details,
)
from pipeline.templates.subject import product_name
from pipeline.templates.summary import request_gist, summary_for
from pipeline.templates.theme import read_theme
from pipeline.templates.vocabulary import DASHBOARD, NOUNS, PLACEHOLDER, canonical_noun, parse_field
from pipeline.templates.words import (
    COLLECTIVE,
    ENTITY_LIST,
    FEATURE_WORDS,
    FIELD_WORDS,
    FILLER,
    HAS_FIELDS,
    LIST_FILLER,
    NOT_FIELDS,
)

IMAGE_FIELD = re.compile(r"image|photo|picture")
AppSpec = Plan
"""The offline path's spec *is* CORE's plan: one model, whichever path made it."""


def extract_spec(prompt: str) -> AppSpec:
    """Read a request and return the plan of the app it asks for."""
    asked = " ".join(prompt.split()).strip()
    product, described = product_name(asked)  # "Quillpad is a note-taking app…": the name, then the app
    # styling words are never the app's name, things or fields; a request only about the look is an app
    text = without_theme(described) or without_colours(described) or "an app"
    lowered = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    kind = with_dashboard(match_kind(lowered), lowered)
    entities: dict[str, Entity] = {}
    extra_fields: dict[str, list[EntityField]] = {}
    features: set[str] = set()

    for name in kind.entities if kind else ():
        _add_entity(entities, name)
    features.update(kind.features if kind else ())

    body = FILLER.sub("", lowered)
    owned: list[tuple[int, int]] = []  # where a thing's own fields were read: not the app's too
    for match in HAS_FIELDS.finditer(body):
        owner = _owner_entity(match[1], entities)
        if owner is None:
            continue
        owned.append(match.span(2))
        for item in split_list(list_part(match[2])):
            if DASHBOARD.search(item):  # "with charts": the kind, not a field
                continue
            field = field_from_words(item)
            if field is not None:
                extra_fields.setdefault(owner, []).append(field)

    primary = next(iter(entities), None)
    asked_how: list[EntityField] = []
    for match in ENTITY_LIST.finditer(body):
        with_fields = match[0].startswith("with") and said_of_app(body[: match.start()], primary, kind)
        within = any(start <= match.start(1) < end for start, end in owned)
        listed = split_list(list_part(match[1]))  # the noun phrases, before any verb phrase
        ruled = makes_own_things(kind)
        if ruled and match[0].startswith("with"):
            continue  # a kind with its own rules holds what its things are made of ("a poll with options")
        # a verb's object may still name the app's thing ("decline each application"), but a kind
        # with its own rules keeps its own ("send messages" in a chat is not a list of messages)
        for item in listed if ruled else split_list(match[1]):
            if (how_field := question_field(item)) or item.startswith("how "):  # "how many players": a count
                if how_field and not ruled and (with_fields or not match[0].startswith("with")):
                    asked_how.append(how_field)  # the app's main thing's, once it is known
                continue
            if (
                item in NOT_FIELDS
                or DASHBOARD.search(item)
                or any(
                    re.search(p, item)
                    for p, f in FEATURE_WORDS
                    if f in ("search", "filtering", "image_upload")
                )
            ):
                continue
            noun = canonical_noun(naming.snake(item)) or canonical_noun(naming.snake(item.split()[-1]))
            if noun in ("book", "song") and item.split()[-1] in ("book", "books", "track", "tracks") and kind:
                noun = None if kind.key in ("booking", "invoice", "time", "habits") else noun
            if item in ("category", "categories"):
                _add_categories(entities, extra_fields, primary)
            elif noun and (noun not in ("product",) or kind is None or kind.key in ("inventory", "shop")):
                if noun not in entities:
                    _add_entity(entities, noun)
            elif item in FIELD_WORDS and primary and (with_fields or not match[0].startswith("with")):
                extra_fields.setdefault(primary, []).append(parse_field(FIELD_WORDS[item]))
            elif (
                kind is None and item not in FIELD_WORDS and names_things(item) and kept_item(item, match[1])
            ):
                # An unknown app that names its things: "a beekeeping log with hives and inspections".
                name = cleaned_name(
                    naming.identifier(naming.singularize(naming.snake(item)), fallback="item")
                )
                entities.setdefault(name, _generic_entity(name))
                primary = primary or name
            elif primary and with_fields and not within and item in listed and len(item.split()) <= 3:
                field = field_from_words(item)
                if field is not None:
                    extra_fields.setdefault(primary, []).append(field)

    for pattern, feature in FEATURE_WORDS:
        if re.search(pattern, lowered):
            features.add(feature)

    said = stated = stated_entities(body)  # "each X has A, B and C": exactly them
    listed_details = [] if stated else listed_entities(body)  # "a tracker for my plants, with A, B and C"
    if (
        kind
        and listed_details
        and kind.key != "dashboard"
        and not asked_beside(body, [s for _, spans in listed_details for s in spans], kind.key)
    ):
        features -= set(kind.features)  # a word of a detail ("the shop", "a grade") made that kind
        kind, entities, extra_fields = None, {}, {}
    if listed_details and (not makes_own_things(kind) or takes_details(kind)):
        stated = own_details([t for t, _ in listed_details], entities if kind else {}, extra_fields, kind)
        stated = [] if kind else stated  # a kind asked for beside them stands; its own things took theirs
        # a detail's word ("the grade") is the kind's thing's detail, not a thing of its own
        detail_names = {f.name for t, _ in listed_details for f in t.fields}
        entities = {
            n: e for n, e in entities.items() if kind is None or n in kind.entities or n not in detail_names
        }
        extra_fields = {n: f for n, f in extra_fields.items() if n in entities}
    if (
        stated
        and kind is not None
        and kind.key not in BLUEPRINTS
        and not {e.name for e in stated} & set(kind.entities)
    ):
        features -= set(kind.features)  # a word of a field ("a grade") made that kind, not the subject
        kind, entities = None, {}
    if stated and (kind is None or kind.key not in BLUEPRINTS):
        rest = {n: e for n, e in entities.items() if kind is not None and n not in {s.name for s in stated}}
        entities = {**{e.name: e for e in stated}, **rest}
        extra_fields = {n: f for n, f in extra_fields.items() if n in rest}
    if kind and kind.key == "site":  # a site's other words are its sections, not lists to keep
        entities = {"message": entities["message"]}
    if kind and kind.key == "booking" and len(entities) > 1:  # "meeting rooms": the rooms are what is booked
        entities.pop("resource", None)
        extra_fields.pop("resource", None)  # words said of the placeholder, not of the booked thing
    if (
        kind
        and kind.key == "booking"
        and list(entities) == ["resource"]
        and (booked := booked_thing(lowered))
    ):
        entities = {booked: make_entity(booked, NOUNS.get(booked, NOUNS["resource"]))}  # "reserve a room"
    if kind and kind.key == "booking" and (details := booked_details(lowered)):
        # the thing booked comes first: each booking references it (app/booking.py)
        booked, specs = details
        entities = {booked: make_entity(booked, specs), **{n: e for n, e in entities.items() if n != booked}}
        for placeholder in (PLACEHOLDERS | SAME_AS[booked]) - {booked}:
            entities.pop(placeholder, None)
            extra_fields.pop(placeholder, None)
    key = kind.key if kind else "generic"
    fit, unmet = assess(lowered, key, features, subject_span(lowered), frozenset(entities))
    record = nearest_record(unmet) if kind is None and not stated else None
    if record:  # voting, a game we have no rules for…: the nearest honest app keeps polls, games…
        entities, extra_fields = {record[0]: make_entity(*record)}, {}
    if not entities and kind is None and (thing := thing_or_kept(subject_thing(text) or "", lowered)):
        noun = canonical_noun(thing)
        if thing == NEAREST["the game"][0]:  # "a poker game": the games played, as for any game without rules
            entities[thing] = make_entity(*NEAREST["the game"])
        else:
            entities[noun or thing] = make_entity(noun, NOUNS[noun]) if noun else _generic_entity(thing)
    measured = read_measures(lowered) if kind and kind.key == "dashboard" and not kind.entities else None
    if measured and len(measured.numbers) == 1 and canonical_noun(measured.numbers[0]) in NOUNS:
        # "my sales by region": the kind's own record of a sale, grouped as asked
        noun = canonical_noun(measured.numbers[0]) or ""
        entities = {noun: make_entity(noun, NOUNS[noun])}
        extra_fields = {noun: [parse_field(f"{d}:string") for d in measured.dimensions]}
    elif measured and (len(measured.numbers) > 1 or measured.dimensions):
        # "steps, sleep hours and water intake", "sales by region and product": the request's own
        entities, extra_fields = {"entry": make_entity("entry", measured.field_specs())}, {}
    if not entities:
        primary_name = thing_or_kept(generic_entity_name(body), lowered)
        if kind and kind.key == "dashboard":  # a thing to chart: a value on a date, in a category
            named = subject_thing(DASHBOARD.sub(" ", lowered)) or generic_entity_name(
                DASHBOARD.sub(" ", body).replace(" analytics ", " ")
            )
            noun = canonical_noun(named) if named != "item" else None
            primary_name = noun if noun in NOUNS else ("record" if named == "item" else named)
            specs = NOUNS.get(
                primary_name, ["name:string!", "value:number!", "recorded_on:date!", "category:string"]
            )
            entities[primary_name] = make_entity(primary_name, specs)
        else:
            entities[primary_name] = _generic_entity(primary_name)
    primary = next(iter(entities))
    extra_fields.setdefault(primary, []).extend(asked_how if primary not in {s.name for s in stated} else [])
    if "due_dates" in features and not any(has_type(e, "date", "due") for e in entities.values()):
        extra_fields.setdefault(primary, []).append(parse_field("due_date:date"))
    if "tags" in features and not any(f.type == "tags" for e in entities.values() for f in e.fields):
        extra_fields.setdefault(primary, []).append(parse_field("tags:tags"))
    if "image_upload" in features and not any(IMAGE_FIELD.search(f.name) for f in entities[primary].fields):
        extra_fields.setdefault(primary, []).append(parse_field("image_url:url"))
    if "completion_toggle" in features and not any(f.type == "boolean" for f in entities[primary].fields):
        extra_fields.setdefault(primary, []).append(parse_field("done:boolean"))

    for owner, fields in extra_fields.items():
        entity = entities[owner]
        for field in fields:
            if entity.field(field.name) is None and not already_kept(entity, field):
                entity.fields.append(field)

    ordered = without_clashes(key, _order_by_dependencies(entities))
    features = _settled_features(ordered, features)
    app_name = product or app_name_for(text, kind, ordered[0])
    gist = request_gist(text, text)
    if kind is None and fit != "none" and (gap := placeholder_gap(ordered, gist)):  # none says it already
        fit, unmet = "partial", [gap, *unmet][:20]
    if fit != "none" and (gaps := job_gaps(lowered, key, ordered, unmet)):  # stages, a flag, things not kept
        fit, unmet = "partial", [*unmet, *gaps][:20]
    if fit != "none" and (left := details_left_out([*said, *(t for t, _ in listed_details)], ordered)):
        fit, unmet = "partial", [*unmet, *left][:20]  # details listed that a kind's own things leave out
    return Plan(
        app_name=app_name,
        slug=naming.slugify(app_name),
        summary=summary_for(app_name, ordered, features, gist),
        features=sorted(features),
        entities=ordered,
        pages=site_sections(text) if kind and kind.key == "site" else [e.plural_label for e in ordered],
        kind=key,
        theme=read_theme(asked),
        fit=fit,
        unmet=unmet,
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


def split_list(chunk: str) -> list[str]:
    items = re.split(r",|\band\b|\bor\b|&|/|\bplus\b", chunk)
    cleaned: list[str] = []
    for item in items:
        item = re.sub(
            rf"^\s*(?:an?\s+|the\s+)?(?:{'|'.join(COLLECTIVE)})\s+of\s+", "", item
        )  # "an inventory of beds"
        words = re.findall(r"[a-z0-9']+", item)
        words = words if words[:1] == ["how"] else [w for w in words if w not in LIST_FILLER]
        if words:
            cleaned.append(" ".join(words))
    return cleaned


def _generic_entity(name: str) -> Entity:
    return make_entity(name, PLACEHOLDER)


def _order_by_dependencies(entities: dict[str, Entity]) -> list[Entity]:
    """Drop links to things the app does not have; keep the request's order otherwise."""
    for entity in entities.values():
        entity.fields = [f for f in entity.fields if f.type != "reference" or f.references in entities]
    return list(entities.values())


def _settled_features(entities: list[Entity], asked: set[str]) -> set[str]:
    """What the app will really have: what was asked, less what its entities cannot support,
    plus what their fields imply (a boolean means filtering, a link means relations…)."""
    found = set(asked) | {"search"} | ({"single_user"} if "accounts" not in asked else set())
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
