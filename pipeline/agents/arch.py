"""ARCH: the Plan → a Design whose API contract both code agents build against."""

from __future__ import annotations

from pipeline.agents.base import AgentResult, Budget, Emit, ModelSource, messages_for, run_agent
from pipeline.agents.parsing import ParseError, extract_json
from pipeline.artifacts import Design, Plan
from pipeline.cache import CacheStore
from pipeline.settings import Settings
from pipeline.templates import build_design


def parse_design(text: str, plan: Plan) -> Design:
    design = Design.model_validate(extract_json(text))
    if not str(design.contract.get("openapi", "")).startswith("3.1"):
        raise ParseError("the contract must be an OpenAPI 3.1 document ('openapi': '3.1.0')")
    if not design.contract.get("paths"):
        raise ParseError("the contract has no paths")
    missing = {e.name for e in plan.entities} - {r.entity for r in design.resources}
    if missing:
        raise ParseError(f"no resource for entities {sorted(missing)}")
    return design


async def design(
    plan: Plan,
    *,
    settings: Settings,
    models: ModelSource,
    budget: Budget,
    emit: Emit,
    cache: CacheStore | None = None,
) -> AgentResult[Design]:
    return await run_agent(
        "arch",
        messages=messages_for("arch", "Plan:\n" + plan.model_dump_json(indent=1)),
        parse=lambda text: parse_design(text, plan),
        template=lambda: build_design(plan),
        settings=settings,
        models=models,
        budget=budget,
        emit=emit,
        cache=cache,
        cache_payload=plan.model_dump(mode="json"),
    )
