"""CORE: the request → a Plan (what to build)."""

from __future__ import annotations

from pipeline.agents.base import AgentResult, Budget, Emit, ModelSource, messages_for, run_agent
from pipeline.agents.parsing import ParseError, extract_json
from pipeline.artifacts import Plan
from pipeline.cache import CacheStore, normalize_request
from pipeline.settings import Settings
from pipeline.templates import extract_spec


def parse_plan(text: str) -> Plan:
    plan = Plan.model_validate(extract_json(text))
    if not plan.entities:
        raise ParseError("the plan has no entities")
    names = {e.name for e in plan.entities}
    for entity in plan.entities:
        if not any(f.required for f in entity.fields):
            raise ParseError(f"entity {entity.name} has no required field")
        for field in entity.fields:
            if field.type == "reference" and field.references not in names:
                raise ParseError(
                    f"{entity.name}.{field.name} references {field.references!r}, which is not in the plan"
                )
    return plan


async def plan(
    prompt: str,
    *,
    settings: Settings,
    models: ModelSource,
    budget: Budget,
    emit: Emit,
    cache: CacheStore | None = None,
) -> AgentResult[Plan]:
    return await run_agent(
        "core",
        messages=messages_for("core", f"Request: {prompt}"),
        parse=parse_plan,
        template=lambda: extract_spec(prompt),
        settings=settings,
        models=models,
        budget=budget,
        emit=emit,
        cache=cache,
        cache_payload=normalize_request(prompt),
    )
