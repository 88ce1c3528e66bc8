"""ARCH: the Plan → a Design whose API contract both code agents build against.

The CRUD part of the contract is rendered from the plan (it is the same for every app); the
model is asked only for what CRUD does not cover: custom operations, as a small JSON list.
Operations that cannot be built are dropped and the rest kept; an answer with none usable
is asked again with the reasons.
"""

from __future__ import annotations

import json

from pipeline.agents.briefs import messages_for
from pipeline.agents.chain import run_agent
from pipeline.agents.parsing import ParseError, extract_json, json_incomplete
from pipeline.agents.types import AgentResult, CallSpec, StepContext
from pipeline.artifacts import CustomOperation, Design, Plan
from pipeline.templates import build_design
from pipeline.templates.operations import OperationError, normalize_operation, with_operations

DESIGN_CALL = CallSpec(max_output=1_500, min_output=300, json_mode=True, incomplete=json_incomplete)
MAX_OPERATIONS = 6


def parse_design(text: str, plan: Plan, base: Design | None = None) -> Design:
    data = extract_json(text)
    raw_ops = data.get("operations", [])
    if not isinstance(raw_ops, list):
        raise ParseError('"operations" must be a list')
    design = base or build_design(plan)
    kept: list[CustomOperation] = []
    problems: list[str] = []
    problems += [
        f"more than {MAX_OPERATIONS} operations: {_named(raw)} was not read"
        for raw in raw_ops[MAX_OPERATIONS:]
    ]
    for raw in raw_ops[:MAX_OPERATIONS]:
        try:
            op = normalize_operation(raw, with_operations(design, kept))
        except OperationError as exc:
            problems.append(f"{_named(raw)}: {exc}")
            continue
        kept.append(op)
    if raw_ops and not kept:
        raise ParseError("no operation could be used: " + "; ".join(problems)[:600])
    return with_operations(design, kept).model_copy(update={"left_out": problems})


def _named(raw: object) -> str:
    return str(raw.get("operation_id") or "one") if isinstance(raw, dict) else str(raw)[:60]


def crud_brief(design: Design) -> str:
    """The routes every app already has, one line each: what the model must not declare again."""
    return "\n".join(f"{m.upper()} {p} ({op})" for m, p, op in design.operations())


async def design(
    plan: Plan, ctx: StepContext, *, previous: Design | None = None, change: str = ""
) -> AgentResult[Design]:
    base = build_design(plan)
    user = (
        f"App: {plan.app_name}\nWhat it is for: {plan.summary}\n\nEntities:\n{plan_brief(plan)}\n\n"
        f"Routes it already has (CRUD):\n{crud_brief(base)}"
    )
    kept = _still_valid(previous, plan, base) if previous is not None else base
    if previous is not None and previous.custom_operations:
        ops = json.dumps({"operations": [op.model_dump(by_alias=True) for op in previous.custom_operations]})
        user += f"\n\nIts custom operations now (keep them unless the change says otherwise):\n{ops}"
    if change:
        user += f"\n\nThe change asked for: {change}"
    return await run_agent(
        "arch",
        ctx,
        messages=messages_for("arch", user),
        parse=lambda text: parse_design(text, plan, base),
        template=lambda: kept,
        cache_payload=[plan.model_dump(mode="json"), user],
        call=DESIGN_CALL,
    )


def _still_valid(previous: Design, plan: Plan, base: Design) -> Design:
    """The new CRUD design with every earlier custom operation that still fits it."""
    ops = [op.model_dump(by_alias=True) for op in previous.custom_operations]
    kept: list[CustomOperation] = []
    problems: list[str] = []
    for raw in ops:
        try:
            kept.append(normalize_operation(raw, with_operations(base, kept)))
        except OperationError as exc:
            problems.append(f"{_named(raw)}: {exc}")
    return with_operations(base, kept).model_copy(update={"left_out": problems})


def plan_brief(plan: Plan) -> str:
    """The plan's entities in one line each: ``todo: title (string, required), done (boolean)``."""
    lines = []
    for e in plan.entities:
        fields = ", ".join(
            f"{f.name} ({f.type}{' → ' + f.references if f.references else ''}"
            f"{' one of ' + '/'.join(f.choices) if f.choices else ''}{', required' if f.required else ''})"
            for f in e.fields
        )
        lines.append(f"- {e.name} (table {e.plural}): {fields}")
    return "\n".join(lines)
