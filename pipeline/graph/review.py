"""Human review of the plan and the design, as LangGraph interrupts.

After CORE and again after ARCH, a run started with ``review`` pauses (``interrupt``) with what
the person should see; the answer resumes it: ``{"action": "approve"}``, ``{"action": "edit",
"plan": {...}}`` (or ``"design"``) or ``{"action": "reject"}``. An edit that does not hold is
asked again with the reason. The pause is a checkpoint: it can be answered later, by another
process.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from langgraph.types import interrupt
from pydantic import ValidationError

from pipeline.agents.arch import parse_design
from pipeline.agents.core import complete_plan
from pipeline.agents.parsing import ParseError
from pipeline.artifacts import Design, Plan
from pipeline.graph.state import PipelineState

Stage = Literal["plan", "design"]
MAX_TRIES = 5


def shown(stage: Stage, state: PipelineState) -> dict[str, Any]:
    """What a reviewer sees: the plan whole; of the design, its operations."""
    if stage == "plan":
        return {"plan": state["plan"].model_dump(mode="json")}
    design: Design = state["design"]
    return {
        "design": {
            "operations": [
                {"method": m.upper(), "path": p, "operation_id": o} for m, p, o in design.operations()
            ],
            "custom_operations": [
                op.model_dump(mode="json", by_alias=True) for op in design.custom_operations
            ],
        }
    }


def apply_review(stage: Stage, answer: Any, state: PipelineState) -> dict[str, Any]:
    """The state update an answer asks for; ValueError says why an answer cannot be used."""
    if not isinstance(answer, dict) or answer.get("action") not in ("approve", "edit", "reject"):
        raise ValueError('answer with {"action": "approve"}, {"action": "edit", ...} or {"action": "reject"}')
    action = answer["action"]
    if action == "approve":
        return {}
    if action == "reject":
        return {"rejected": stage}
    edited = answer.get(stage)
    if not isinstance(edited, dict):
        raise ValueError(f'an edit carries the whole {stage} as "{stage}": {{...}}')
    try:
        if stage == "plan":
            plan = Plan.model_validate(edited)
            return {"plan": complete_plan(plan.model_dump(mode="json"), plan), "reviewed": ["plan (edited)"]}
        operations = edited.get("custom_operations", [])
        return {
            "design": parse_design(json.dumps({"operations": operations}), state["plan"]),
            "reviewed": ["design (edited)"],
        }
    except (ValidationError, ParseError, ValueError) as exc:
        raise ValueError(f"the edited {stage} cannot be used: {str(exc)[:300]}") from exc


def review(stage: Stage, state: PipelineState) -> dict[str, Any]:
    """Pause for the reviewer's answer (when the run asked for review) and apply it."""
    if not state.get("review") or state.get("rejected"):
        return {}
    error = ""
    for _ in range(MAX_TRIES):
        answer = interrupt(
            {"event": "review", "stage": stage, **shown(stage, state), **({"error": error} if error else {})}
        )
        try:
            update = apply_review(stage, answer, state)
        except ValueError as exc:
            error = str(exc)
            continue
        return {"reviewed": [stage], **update} if "reviewed" not in update else update
    return {"rejected": stage, "reviewed": [f"{stage}: no usable answer after {MAX_TRIES} tries"]}
