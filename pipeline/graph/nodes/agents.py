"""The nodes of the four asking agents (CORE, ARCH, BACKEND, UIX) and the review pauses:
thin adapters from state to the agents and back."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, Literal

from pipeline.agents import arch, core
from pipeline.agents.backend import BACKEND
from pipeline.agents.coding import CodeAgent
from pipeline.agents.types import AgentResult, StepContext
from pipeline.agents.uix import UIX
from pipeline.artifacts import NOT_UNDERSTOOD, Design, Dropped
from pipeline.graph import review as human
from pipeline.graph.nodes.step import Node, Update, emitter, step
from pipeline.graph.state import PipelineState, is_edit
from pipeline.projects import load_project
from pipeline.projects.merge import Collision, rebase
from pipeline.projects.migrations import steps_on_disk, with_steps
from pipeline.projects.write import previous_generation
from pipeline.templates.naming import camel


async def start_node(state: PipelineState) -> Update:
    return {"run_id": state.get("run_id") or uuid.uuid4().hex[:12], "started_at": time.time(), "fix_round": 0}


async def core_node(state: PipelineState) -> Update:
    editing = is_edit(state)

    def call(ctx: StepContext) -> Awaitable[AgentResult[Any]]:
        if editing:
            return core.revise(state["base_plan"], state["prompt"], ctx)
        return core.plan(state["prompt"], ctx)

    result, update = await step(state, "core", call)
    emitter()({"event": "plan", "agent": "core", "plan": result.artifact.model_dump(mode="json")})
    left_out = [
        Dropped(cause="not_understood", text=f"{NOT_UNDERSTOOD}{part!r}") for part in result.not_understood
    ]
    announce_dropped("plan", "core", left_out)
    return {"plan": result.artifact, **update, **({"dropped": left_out} if left_out else {})}


def announce_dropped(
    stage: Literal["plan", "design", "merge", "edit"], agent: str, reasons: list[Dropped]
) -> None:
    """Each thing left out is an event as well as a ``dropped`` entry: nothing is lost quietly."""
    emit = emitter()
    for reason in reasons:
        emit({"event": "dropped", "agent": agent, "stage": stage, "reason": reason.text})


async def arch_node(state: PipelineState) -> Update:
    editing = is_edit(state)

    def call(ctx: StepContext) -> Awaitable[AgentResult[Any]]:
        return arch.design(
            state["plan"],
            ctx,
            previous=state.get("base_design") if editing else None,
            change=state["prompt"] if editing else "",
            request=state["prompt"],
        )

    result, update = await step(state, "arch", call)
    design: Design = result.artifact
    custom = {op.operation_id for op in design.custom_operations}
    emitter()(
        {
            "event": "design",
            "agent": "arch",
            "operations": [
                {"method": m.upper(), "path": p, "operation_id": o, "custom": o in custom}
                for m, p, o in design.operations()
            ],
        }
    )
    # operations ARCH declared that could not be built, each with its reason
    left_out = [Dropped(cause="not_built", text=reason) for reason in result.not_understood]
    announce_dropped("design", "arch", left_out)
    return {"design": design, **update, **({"dropped": left_out} if left_out else {})}


async def review_plan_node(state: PipelineState) -> Update:
    return human.review("plan", state)


async def review_design_node(state: PipelineState) -> Update:
    return human.review("design", state)


def _code_node(agent: CodeAgent, key: str) -> Node:
    async def node(state: PipelineState) -> Update:
        round_ = state.get("fix_round", 0)
        mine = [d for d in state.get("diagnostics", []) if d.owner == agent.name and d.severity == "error"]
        editing = is_edit(state) and round_ == 0 and bool(state.get("output_dir"))
        start, collided = await asyncio.to_thread(_rebased, agent, state) if editing else (None, [])
        notes = edit_notes(agent, state, collided) if editing else []
        touched = touched_paths(state["base_design"], state["design"]) if editing else ()

        def call(ctx: StepContext) -> Awaitable[AgentResult[Any]]:
            if collided:
                ctx.emit({"event": "scaffold_collision", "agent": agent.name,
                          "files": sorted({c.path for c in collided})})  # fmt: skip
            return agent.build(
                state["plan"],
                state["design"],
                current=state.get(key),  # type: ignore[arg-type]
                diagnostics=mine,
                advice=state.get("advice") or {},
                ctx=ctx,
                request=state.get("prompt", ""),
                start=start,
                change=editing,
                notes=notes,
                touched=touched,
            )

        result, update = await step(state, agent.name, call, round_)
        announce_dropped("edit", agent.name, result.dropped)
        return {key: result.artifact, **update, **({"dropped": result.dropped} if result.dropped else {})}

    node.__name__ = f"{agent.name}_node"
    return node


def edit_notes(agent: CodeAgent, state: PipelineState, collided: list[Collision]) -> list[str]:
    """What an edit's agent must take care of beyond the request: the new scaffold's lines that
    met its own earlier code (its code was kept), and the operations the edit changed or removed."""
    notes = [
        f"In {c.path} the new scaffold changed lines your earlier code had changed too; your code was"
        f" kept. Apply what the scaffold's change still means for it (a new import, route or field;"
        f" code to remove).\nThe scaffold had:\n{c.before or '(nothing)'}\nIt now has:\n{c.wanted or '(nothing)'}"
        for c in collided
    ]
    now = {op.operation_id: op for op in state["design"].custom_operations}
    removed = [op.operation_id for op in state["base_design"].custom_operations if op.operation_id not in now]
    # an operation changed in place looks like any other in the contract's list: say which
    changed = [
        op.operation_id for op in state["base_design"].custom_operations
        if op.operation_id in now and now[op.operation_id] != op and not op.scaffold
    ]  # fmt: skip
    if changed and agent.name == "uix":
        notes.append(
            f"The change altered these API functions (see their shapes above): {', '.join(camel(o) for o in changed)}."
            " Update the views that call them."
        )
    elif changed:
        notes.append(
            f"The change altered these operations: {', '.join(changed)}. Their routes and models show the new"
            " contract; update their rules and tests where the change asks for it."
        )
    if removed and agent.name == "uix":
        names = ", ".join(camel(op) for op in removed)
        notes.append(
            f"The change removed these functions from src/api.js: {names}. Remove every use of them."
        )
    elif removed:
        notes.append(
            f"The change removed these operations: {', '.join(removed)}. Remove their code and tests."
        )
    return notes


def touched_paths(before: Design, after: Design) -> tuple[str, ...]:
    """The API paths of the custom operations an edit changes or removes."""
    now = {op.operation_id: op for op in after.custom_operations}
    return tuple(
        sorted(
            {op.path for op in before.custom_operations if now.get(op.operation_id) != op and not op.scaffold}
        )
    )


def _rebased(agent: CodeAgent, state: PipelineState) -> tuple[dict[str, str], list[Collision]]:
    """An edit starts from the last generation carried onto the new plan's scaffold, with the
    schema step for the change (``projects/migrations``); also the places where the new scaffold
    met an earlier model change (the model's code was kept)."""
    root = Path(str(state["output_dir"]))
    record = load_project(root)
    previous = {p: t for p, t in previous_generation(root, record).items() if p.startswith(agent.prefix)}
    # an operation that left the contract stays in ``previous``: the agent is told to remove its
    # code and is shown its tests whole (``edit_notes``), so nothing else that used it is left broken
    old = agent.render(state["base_plan"], state["base_design"]).files
    # a scaffold file the last generation did not write was deleted by it; one it wrote but that
    # cannot be read back as generated falls back to the old scaffold's text
    deleted = {p for p in old if p not in record.files}
    made = {**{p: t for p, t in old.items() if p not in deleted}, **previous}
    files, collided = rebase(old, made, agent.render(state["plan"], state["design"]).files, deleted)
    # the database schema's steps are history, not scaffold: the project's own, and one for this change
    had = {**old, **previous, **steps_on_disk(root)}
    return with_steps(files, had, state["base_plan"], state["plan"], state["prompt"]), collided


backend_node = _code_node(BACKEND, "backend_files")
uix_node = _code_node(UIX, "frontend_files")
