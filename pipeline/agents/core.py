"""CORE: the request → a Plan (what to build).

A model's plan that is only partly usable is completed from the offline extractor, not thrown
away: a plan with a name but no usable entities keeps the name and gets the extractor's
entities; an entity with a dangling reference loses that field; one with no required field
gets its title field required.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from pipeline.agents.briefs import messages_for
from pipeline.agents.chain import run_agent
from pipeline.agents.parsing import extract_json, json_incomplete
from pipeline.agents.types import AgentResult, CallSpec, StepContext
from pipeline.artifacts import Entity, Plan
from pipeline.cache import normalize_request
from pipeline.safe_values import clean_text
from pipeline.templates import extract_spec
from pipeline.templates.changes import apply_change
from pipeline.templates.fields import with_safe_field_names
from pipeline.templates.kind_fit import fit_to_kind
from pipeline.templates.naming import slugify
from pipeline.templates.registry import BLUEPRINTS, DEFINITIONS

KIND_KEYS = frozenset(d.key for d in DEFINITIONS)  # every kind folder, the dashboard too
PLAN_CALL = CallSpec(max_output=1_500, min_output=400, json_mode=True, incomplete=json_incomplete)


def _entity(raw: Any) -> Entity | None:
    try:
        entity = Entity.model_validate(with_safe_field_names(raw))
    except (ValidationError, ValueError, TypeError):
        return None
    return entity if entity.fields else None


def complete_plan(data: dict[str, Any], fallback: Plan) -> Plan:
    """The model's plan, with whatever it lacks or got wrong taken from ``fallback`` (the
    extractor's plan of the request, or in an edit the offline change)."""
    entities = [e for e in (_entity(raw) for raw in data.get("entities") or []) if e is not None]
    names = {e.name for e in entities}
    for entity in entities:
        entity.fields = [
            f
            for f in entity.fields
            if f.type != "reference" or (f.references in names and f.references != entity.name)
        ]
        if not entity.fields:
            continue
        if entity.field(entity.title_field) is None:
            entity.title_field = next(
                (f.name for f in entity.fields if f.type == "string"), entity.fields[0].name
            )
        if not any(f.required for f in entity.fields):
            title = entity.field(entity.title_field)
            (title or entity.fields[0]).required = True
    entities = [e for e in entities if e.fields][:6]
    kind = chosen_kind(data.get("kind"), fallback, bool(entities))
    # a model's text is kept, made safe (control characters dropped, bounded); a reviewer's
    # plan went through Plan's own checks before it came here
    app_name = clean_text(data.get("app_name") or "", 80) or fallback.app_name
    features = [t for f in data.get("features") or [] if isinstance(f, str) and (t := clean_text(f, 80))][:40]
    pages = [t for p in data.get("pages") or [] if isinstance(p, str) and (t := clean_text(p, 80))][:20]
    return Plan(
        app_name=app_name,
        slug=slugify(str(data.get("slug") or app_name)) or fallback.slug,
        summary=clean_text(data.get("summary") or "", 1_000) or fallback.summary,
        features=features if entities else sorted(set(features) | set(fallback.features)),
        entities=fit_to_kind(kind, entities or fallback.entities),
        pages=pages or fallback.pages,
        kind=kind,
        theme=fallback.theme,  # the look comes from the request's own words, read offline
        fit=fallback.fit,  # what the request asks that the kinds do not: read offline, said in the README
        unmet=fallback.unmet,
    )


def chosen_kind(asked: Any, fallback: Plan, own_entities: bool) -> str:
    """The model's kind when it is one we build; else the request's kind where it has rules of its
    own (a game stays a game whatever entities the model listed); else generic for a model's own
    entities."""
    if isinstance(asked, str) and (asked in KIND_KEYS or asked == "generic"):
        return asked
    if fallback.kind in BLUEPRINTS or not own_entities:
        return fallback.kind
    return "generic"


def parse_plan(text: str, prompt: str = "") -> Plan:
    return complete_plan(extract_json(text), extract_spec(prompt))


async def plan(prompt: str, ctx: StepContext) -> AgentResult[Plan]:
    return await run_agent(
        "core",
        ctx,
        messages=messages_for("core", f"Request: {prompt}"),
        parse=lambda text: parse_plan(text, prompt),
        template=lambda: extract_spec(prompt),
        cache_payload=normalize_request(prompt),
        call=PLAN_CALL,
    )


async def revise(base: Plan, change: str, ctx: StepContext) -> AgentResult[Plan]:
    """An edit: the plan with the requested change. Offline, ``templates.changes`` applies the
    clauses it understands and says which it did not."""
    offline = apply_change(base, change)
    ctx.emit(
        {
            "event": "plan_change",
            "agent": "core",
            "done": offline.done,
            "not_understood": offline.not_understood,
        }
    )
    user = f"Current plan:\n{base.model_dump_json()}\n\nChange request: {change}\n\nAnswer the whole updated plan."
    result = await run_agent(
        "core",
        ctx,
        messages=messages_for("core", user),
        parse=lambda text: complete_plan(extract_json(text), offline.plan),
        template=lambda: offline.plan,
        cache_payload=[base.model_dump(mode="json"), normalize_request(change)],
        call=PLAN_CALL,
    )
    if result.report.provider == "template":
        result.not_understood = offline.not_understood
    return result
