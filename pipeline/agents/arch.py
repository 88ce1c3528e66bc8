"""ARCH: the Plan → a Design whose API contract both code agents build against.

The CRUD part of the contract is rendered from the plan (it is the same for every app); the
model is asked only for what CRUD does not cover: custom operations, as a small JSON list.
In an edit it answers only what changes (``added``, ``changed``, ``removed``), so a large
design is never echoed back. Schemas are shown to it in the dialect it writes (a property
left out of ``required`` may be null), so what it is shown it can send back. Operations that
cannot be built are dropped with their reason, the rest kept; an answer with none usable is
asked again with the reasons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from pipeline.agents.briefs import load_prompt, prompt_version
from pipeline.agents.chain import run_agent
from pipeline.agents.parsing import ParseError, extract_json, json_incomplete
from pipeline.agents.types import AgentResult, CallSpec, StepContext
from pipeline.artifacts import CustomOperation, Design, Plan
from pipeline.cache import normalize_request
from pipeline.templates import build_design
from pipeline.templates.dialect import arch_dialect
from pipeline.templates.operations import OperationError, normalize_operation, with_operations

DESIGN_CALL = CallSpec(max_output=1_500, min_output=300, json_mode=True, incomplete=json_incomplete)
MAX_OPERATIONS = 8
"""Custom operations a design may hold (the prompt asks for at most 4 new ones per answer)."""


@dataclass
class DesignNotes:
    """What the parse of ARCH's answer left out or shortened, for events and ``dropped``."""

    refused: list[str] = field(default_factory=list)
    shortened: list[str] = field(default_factory=list)


def _normalized(raw: Any, design: Design, notes: DesignNotes) -> CustomOperation:
    shortened: list[str] = []
    op = normalize_operation(raw, design, shortened=shortened)
    notes.shortened += shortened
    return op


def parse_design(
    text: str, plan: Plan, base: Design | None = None, notes: DesignNotes | None = None
) -> Design:
    data = extract_json(text)
    raw_ops = data.get("operations", [])
    if not isinstance(raw_ops, list):
        raise ParseError('"operations" must be a list')
    design = base or build_design(plan)
    found = DesignNotes()
    kept: list[CustomOperation] = []
    for raw in raw_ops:
        if len(kept) >= MAX_OPERATIONS:
            found.refused.append(f"{_label(raw)}: more than {MAX_OPERATIONS} custom operations")
            continue
        try:
            kept.append(_normalized(raw, with_operations(design, kept), found))
        except OperationError as exc:
            name = str(raw.get("operation_id") or "") if isinstance(raw, dict) else ""
            found.refused.append(f"{name}: {exc}" if name and name not in str(exc) else str(exc))
    if raw_ops and not kept:
        raise ParseError("no operation could be used: " + "; ".join(found.refused)[:600])
    _report(notes, found)
    return with_operations(design, kept)


def parse_change(
    text: str, plan: Plan, base: Design, previous: list[CustomOperation], notes: DesignNotes | None = None
) -> Design:
    """An edit's answer: ``{"added": [...], "changed": [...], "removed": ["operation_id"]}``
    applied to the operations the app has now. An operation is removed only when named in
    ``removed``; one that is both changed and refused keeps its earlier version."""
    data = extract_json(text)
    lists = {k: data.get(k) or [] for k in ("added", "changed", "removed", "operations")}
    if not all(isinstance(v, list) for v in lists.values()):
        raise ParseError('"added", "changed" and "removed" must be lists')
    found = DesignNotes()
    gone = {str(r.get("operation_id") if isinstance(r, dict) else r) for r in lists["removed"]}
    unknown = gone - {op.operation_id for op in previous}
    if unknown:
        found.refused.append(f"removed {sorted(unknown)}: no such operation in the app")
    updates = {
        str(raw.get("operation_id") or raw.get("operationId")): raw
        for raw in [*lists["changed"], *lists["added"], *lists["operations"]]
        if isinstance(raw, dict)
    }
    kept: list[CustomOperation] = []
    applied = 0
    for op in previous:
        if op.operation_id in gone:
            continue
        raw = updates.pop(op.operation_id, None)
        if raw is None:
            kept.append(op)
            continue
        try:
            kept.append(_normalized(raw, with_operations(base, kept), found))
            applied += 1
        except OperationError as exc:
            found.refused.append(f"the change to {op.operation_id} ({exc}); its earlier version is kept")
            kept.append(op)
    for raw in updates.values():
        if len(kept) >= MAX_OPERATIONS:
            found.refused.append(f"{_label(raw)}: more than {MAX_OPERATIONS} custom operations")
            continue
        try:
            kept.append(_normalized(raw, with_operations(base, kept), found))
            applied += 1
        except OperationError as exc:
            found.refused.append(str(exc))
    asked = any(isinstance(raw, dict) for k in ("added", "changed", "operations") for raw in lists[k])
    if asked and not applied and not gone:
        raise ParseError("no change could be used: " + "; ".join(found.refused)[:600])
    _report(notes, found)
    # earlier operations keep their place in the code; new ones come after them
    return with_operations(base, kept)


def _report(notes: DesignNotes | None, found: DesignNotes) -> None:
    if notes is not None:  # the last parse that succeeded is the one that counts
        notes.refused[:] = found.refused
        notes.shortened[:] = found.shortened


def _label(raw: Any) -> str:
    if not isinstance(raw, dict):
        return "an operation"
    name = str(raw.get("operation_id") or raw.get("operationId") or "").strip()[:60]
    route = f"{str(raw.get('method', '')).upper()} {raw.get('path', '')}".strip()
    return f"{name} ({route})" if name else route


def crud_brief(design: Design) -> str:
    """The routes every app already has, one line each: what the model must not declare again."""
    return "\n".join(f"{m.upper()} {p} ({op})" for m, p, op in design.operations())


def operations_brief(ops: list[CustomOperation]) -> str:
    """The app's custom operations as ARCH writes them (one JSON object per line)."""
    return "\n".join(json.dumps(arch_dialect(op), separators=(",", ":")) for op in ops)


async def design(
    plan: Plan,
    ctx: StepContext,
    *,
    previous: Design | None = None,
    change: str = "",
    request: str = "",
) -> AgentResult[Design]:
    """``request``: the user's own words (a new app's request; an edit's is ``change``)."""
    base = build_design(plan)
    user = (
        (f"The user asked: {request}\n\n" if request and previous is None else "")
        + f"App: {plan.app_name}\nWhat it is for: {plan.summary}\n\nEntities:\n{plan_brief(plan)}\n\n"
        f"Routes it already has (CRUD):\n{crud_brief(base)}"
    )
    notes, stale = DesignNotes(), DesignNotes()
    if previous is None:
        prompt = "arch"
        kept = base

        def parse(text: str) -> Design:
            return parse_design(text, plan, base, notes)
    else:
        prompt = "arch_edit"
        kept = _still_valid(previous, plan, base, stale)
        ops = [op for op in kept.custom_operations if not op.scaffold]
        user += "\n\nIts custom operations now (one per line):\n" + (operations_brief(ops) or "(none)")
        user += f"\n\nThe change asked for: {change}"

        def parse(text: str) -> Design:
            return parse_change(text, plan, base, ops, notes)

    messages: list[BaseMessage] = [SystemMessage(content=load_prompt(prompt)), HumanMessage(content=user)]
    result = await run_agent(
        "arch",
        ctx,
        messages=messages,
        parse=parse,
        template=lambda: kept,
        # two wordings of one request that plan the same app share this answer
        cache_payload=[
            prompt_version(prompt),
            plan.model_dump(mode="json"),
            user.replace(request, normalize_request(request)) if request else user,
        ],
        call=DESIGN_CALL,
    )
    refused = stale.refused + notes.refused
    for reason in refused:
        ctx.emit({"event": "edit_dropped", "agent": "arch", "reason": f"operation not built: {reason}"})
    for what in stale.shortened + notes.shortened:
        ctx.emit({"event": "shortened", "agent": "arch", "what": what})
    result.not_understood = [f"operation not built: {r}" for r in refused]
    return result


def _still_valid(previous: Design, plan: Plan, base: Design, notes: DesignNotes) -> Design:
    """The new CRUD design with every earlier custom operation that still fits it."""
    kept: list[CustomOperation] = []
    for op in previous.custom_operations:
        if op.scaffold:
            continue
        try:
            kept.append(normalize_operation(arch_dialect(op), with_operations(base, kept)))
        except OperationError as exc:
            notes.refused.append(f"{op.operation_id} no longer fits the plan ({exc})")
    return with_operations(base, kept)


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
