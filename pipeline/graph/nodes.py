"""The graph's nodes: thin adapters from state to the agents and back.

Each node is async; ``sync_twin`` gives the synchronous entry point LangGraph needs for
``graph.invoke``. Progress goes out through LangGraph's stream writer as plain dicts
(``stream_mode="custom"``), the same events the CLI renders.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableLambda
from langgraph.config import get_stream_writer
from langgraph.runtime import get_runtime
from langgraph.types import Overwrite

from pipeline._sync import run_sync
from pipeline.agents import arch, core
from pipeline.agents.backend import BACKEND
from pipeline.agents.base import AgentResult, Budget, Emit
from pipeline.agents.coding import CodeAgent
from pipeline.agents.debug import advise, review
from pipeline.agents.uix import UIX
from pipeline.artifacts import AgentReport, Design, Diagnostic, FileSet, RunSummary
from pipeline.graph import review as human
from pipeline.graph.context import PipelineContext
from pipeline.graph.state import PipelineState
from pipeline.keypool.pool import collect_key_events
from pipeline.projects import load_project
from pipeline.projects.merge import rebase
from pipeline.projects.write import Limits, Written, previous_generation, write_edit, write_new
from pipeline.templates import project_files, render_backend, render_frontend
from pipeline.templates.operations import without_operations

Update = dict[str, Any]
Node = Callable[[PipelineState], Coroutine[Any, Any, Update]]


def _context() -> PipelineContext:
    """The run's context. A parent graph that passes none gets one from the environment per
    node: sync ``invoke`` runs each node on its own event loop, and async clients (Redis) must
    not outlive theirs."""
    context = get_runtime(PipelineContext).context
    return context if isinstance(context, PipelineContext) else PipelineContext()


def _emit() -> Emit:
    writer = get_stream_writer()

    def emit(event: dict[str, Any]) -> None:
        writer({"ts": round(time.time(), 3), **event})

    return emit


def _budget(state: PipelineState, ctx: PipelineContext) -> Budget:
    reports = state.get("reports", [])
    return Budget(
        limit=ctx.settings.max_tokens,
        used=sum(r.tokens_in + r.tokens_out for r in reports),
        cost_limit=ctx.settings.max_cost_usd,
        cost_used=sum(r.cost_usd or 0.0 for r in reports),
    )


def _finished(emit: Emit, result: AgentResult[Any], key_events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Emit the key-pool changes the agent's calls caused, then its end; return those changes."""
    r = result.report
    tagged = [{**event, "agent": r.agent, "round": r.round} for event in key_events]
    for event in tagged:
        emit(event)
    emit(
        {
            "event": "agent_end",
            "agent": r.agent,
            "provider": r.provider,
            "model": r.model,
            "key": r.key_fingerprint,
            "tokens": r.tokens_in + r.tokens_out,
            "cost_usd": r.cost_usd,
            "latency_ms": r.latency_ms,
            "fallback_reason": r.fallback_reason,
            "round": r.round,
        }
    )
    return tagged


Call = Callable[[PipelineContext, Emit, Budget], Awaitable[AgentResult[Any]]]


async def _step(
    state: PipelineState, agent: str, call: Call, round_: int = 0
) -> tuple[AgentResult[Any], Update]:
    """One agent step: announce it, run it, report it with the key-pool changes it caused."""
    ctx, emit = _context(), _emit()
    emit({"event": "agent_start", "agent": agent, "round": round_})
    with collect_key_events() as key_events:
        result = await call(ctx, emit, _budget(state, ctx))
    return result, {"reports": [result.report], "key_events": _finished(emit, result, key_events)}


async def start_node(state: PipelineState) -> Update:
    return {"run_id": state.get("run_id") or uuid.uuid4().hex[:12], "started_at": time.time(), "fix_round": 0}


async def core_node(state: PipelineState) -> Update:
    editing = state.get("mode") == "edit" and "base_plan" in state

    def call(ctx: PipelineContext, emit: Emit, budget: Budget) -> Awaitable[AgentResult[Any]]:
        options: dict[str, Any] = {
            "settings": ctx.settings, "models": ctx.model_source(), "cache": ctx.cache_store(),
            "budget": budget, "emit": emit,
        }  # fmt: skip
        if editing:
            return core.revise(state["base_plan"], state["prompt"], **options)
        return core.plan(state["prompt"], **options)

    result, update = await _step(state, "core", call)
    _emit()({"event": "plan", "agent": "core", "plan": result.artifact.model_dump(mode="json")})
    left_out = [f"not understood offline: {part!r}" for part in result.not_understood]
    return {"plan": result.artifact, **update, **({"dropped": left_out} if left_out else {})}


async def arch_node(state: PipelineState) -> Update:
    editing = state.get("mode") == "edit"

    def call(ctx: PipelineContext, emit: Emit, budget: Budget) -> Awaitable[AgentResult[Any]]:
        return arch.design(
            state["plan"],
            settings=ctx.settings,
            models=ctx.model_source(),
            cache=ctx.cache_store(),
            budget=budget,
            emit=emit,
            previous=state.get("base_design") if editing else None,
            change=state["prompt"] if editing else "",
        )

    result, update = await _step(state, "arch", call)
    design: Design = result.artifact
    custom = {op.operation_id for op in design.custom_operations}
    _emit()(
        {
            "event": "design",
            "agent": "arch",
            "operations": [
                {"method": m.upper(), "path": p, "operation_id": o, "custom": o in custom}
                for m, p, o in design.operations()
            ],
        }
    )
    return {"design": design, **update}


async def review_plan_node(state: PipelineState) -> Update:
    return human.review("plan", state)


async def review_design_node(state: PipelineState) -> Update:
    return human.review("design", state)


def _code_node(agent: CodeAgent, key: str) -> Node:
    async def node(state: PipelineState) -> Update:
        round_ = state.get("fix_round", 0)
        mine = [d for d in state.get("diagnostics", []) if d.owner == agent.name and d.severity == "error"]
        editing = state.get("mode") == "edit" and round_ == 0 and bool(state.get("output_dir"))
        start, collided = await asyncio.to_thread(_rebased, agent, state) if editing else (None, [])

        def call(ctx: PipelineContext, emit: Emit, budget: Budget) -> Awaitable[AgentResult[Any]]:
            return agent.build(
                state["plan"],
                state["design"],
                current=state.get(key),  # type: ignore[arg-type]
                diagnostics=mine,
                advice=state.get("advice") or {},
                settings=ctx.settings,
                models=ctx.model_source(),
                cache=ctx.cache_store(),
                budget=budget,
                emit=emit,
                round_=round_,
                request=state.get("prompt", ""),
                start=start,
                change=editing,
            )

        result, update = await _step(state, agent.name, call, round_)
        if collided:
            update["dropped"] = [
                f"{path}: an earlier model change collided with the new scaffold there; the scaffold's text was kept"
                for path in collided
            ]
        return {key: result.artifact, **update}

    node.__name__ = f"{agent.name}_node"
    return node


def _rebased(agent: CodeAgent, state: PipelineState) -> tuple[dict[str, str], list[str]]:
    """An edit starts from the last generation carried onto the new plan's scaffold; also the
    files where an earlier model change collided with the new scaffold (the scaffold's text won)."""
    root = Path(str(state["output_dir"]))
    record = load_project(root)
    previous = {p: t for p, t in previous_generation(root, record).items() if p.startswith(agent.prefix)}
    old = agent.render(state["base_plan"], state["base_design"]).files
    return rebase(old, {**old, **previous}, agent.render(state["plan"], state["design"]).files)


backend_node = _code_node(BACKEND, "backend_files")
uix_node = _code_node(UIX, "frontend_files")


async def debug_node(state: PipelineState) -> Update:
    ctx, emit = _context(), _emit()
    round_ = state.get("fix_round", 0)
    emit({"event": "agent_start", "agent": "debug", "round": round_})
    started = time.perf_counter()
    # The checks may run generated code in a subprocess: keep the event loop free meanwhile.
    verdict = await asyncio.to_thread(
        review,
        state["design"],
        state.get("backend_files") or FileSet(),
        state.get("frontend_files") or FileSet(),
        previous=state.get("previous_diagnostics"),
        round_=round_,
        max_rounds=ctx.settings.max_fix_rounds,
        level=ctx.settings.validate_level,
    )
    counts = {s: sum(1 for d in verdict.diagnostics if d.severity == s) for s in ("error", "warning")}
    report = AgentReport(
        agent="debug",
        provider="rules",
        model=ctx.settings.validate_level,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        round=round_,
    )
    emit(
        {
            "event": "validation",
            "agent": "debug",
            "diagnostics": [
                {"file": d.file, "line": d.line, "check": d.check, "message": d.message[:200]}
                for d in verdict.diagnostics
                if d.severity == "error"
            ][:8],
            "round": round_,
            **counts,
            "fixed": sorted(verdict.fixed),
            "next": verdict.targets,
            "reason": verdict.reason,
        }
    )
    advice: dict[str, str] = {}
    key_events: list[dict[str, Any]] = []
    if verdict.targets:
        with collect_key_events() as key_events:
            advised = await advise(
                verdict.diagnostics,
                settings=ctx.settings,
                models=ctx.model_source(),
                budget=_budget(state, ctx),
                emit=emit,
                cache=ctx.cache_store(),
                round_=round_,
            )
        if advised.report.provider != "template":  # a model advised: DEBUG's provider this round
            advice = advised.artifact
            report = advised.report.model_copy(
                update={"latency_ms": report.latency_ms + advised.report.latency_ms}
            )
    tagged = [{**event, "agent": "debug", "round": round_} for event in key_events]
    for event in tagged:
        emit(event)
    emit(
        {
            "event": "agent_end",
            "agent": "debug",
            "provider": report.provider,
            "model": report.model,
            "key": report.key_fingerprint,
            "tokens": report.tokens_in + report.tokens_out,
            "latency_ms": report.latency_ms,
            "round": round_,
        }
    )
    update: Update = {
        "diagnostics": verdict.diagnostics,
        "previous_diagnostics": verdict.diagnostics,
        "fix_targets": verdict.targets,
        "advice": advice,
        "reports": [report],
        "key_events": tagged,
        "rounds": [
            {
                "round": round_,
                **counts,
                "fixed": sorted(verdict.fixed),
                "next": verdict.targets,
                "reason": verdict.reason,
            }
        ],
    }
    backend = state.get("backend_files") or FileSet()
    if verdict.fixed:
        update["backend_files"] = FileSet(files=verdict.fixed, agent="debug", provider="rules")
        backend = backend.model_copy(update={"files": {**backend.files, **verdict.fixed}})
    failing: set[str] = {d.owner for d in verdict.diagnostics if d.severity == "error"}
    if "backend" not in failing:
        update["backend_passing"] = backend
    if "uix" not in failing:
        update["frontend_passing"] = state.get("frontend_files") or FileSet()
    if verdict.targets:
        update["fix_round"] = round_ + 1
    elif failing & {"backend", "uix"}:
        update.update(fall_back(state, verdict.diagnostics, failing))
        # the reverted sides are the passing versions: their errors stay in the trace only
        update["diagnostics"] = [
            d for d in verdict.diagnostics if d.owner not in failing or d.severity != "error"
        ]
        emit({"event": "reverted", "agent": "debug", "round": round_, "dropped": update["dropped"]})
    return update


def fall_back(state: PipelineState, diagnostics: list[Diagnostic], failing: set[str]) -> Update:
    """Never ship broken: a side that still fails after the last fix round goes back to its last
    passing version, or to the scaffold; a backend that never passed drops its custom operations
    (and the frontend with it, since it calls them)."""
    plan, design = state["plan"], state["design"]
    why = {
        owner: "; ".join(
            f"{d.file}: {d.message}" for d in diagnostics if d.owner == owner and d.severity == "error"
        )[:300]
        for owner in failing
    }
    update: Update = {"dropped": []}
    if "backend" in failing:
        passing = state.get("backend_passing")
        if passing is not None and passing.files:
            update["backend_files"] = Overwrite(passing)
            update["dropped"].append(f"backend changes after its last passing version ({why['backend']})")
        else:
            reduced = without_operations(design)
            update["design"] = reduced
            update["backend_files"] = Overwrite(render_backend(plan, reduced))
            update["frontend_files"] = Overwrite(render_frontend(plan, reduced))
            update["dropped"] += [
                f"custom operation {op.method.upper()} {op.path} ({op.operation_id}): {why['backend']}"
                for op in design.custom_operations
            ] or [f"backend changes: {why['backend']}"]
            return update
    if "uix" in failing:
        passing = state.get("frontend_passing")
        update["frontend_files"] = Overwrite(
            passing if passing is not None and passing.files else render_frontend(plan, design)
        )
        update["dropped"].append(f"frontend changes after its last passing version ({why['uix']})")
    return update


def _all_files(state: PipelineState | dict[str, Any]) -> dict[str, str]:
    return {
        **(state.get("backend_files") or FileSet()).files,
        **(state.get("frontend_files") or FileSet()).files,
        **project_files(state["plan"], state["design"]),
    }


def rewrite_project(state: PipelineState | dict[str, Any], out: Path) -> None:
    """Writes a finished run's project again from its saved state (its writer's disk is gone)."""
    limits = Limits(10**9, 10**10, 10**6)  # the run's own writer already held it to the limits
    write_new(
        out, _all_files(state), force=True, plan=state["plan"], design=state["design"],
        request=state["prompt"], run_id=state.get("run_id", ""), limits=limits,
    )  # fmt: skip


async def write_node(state: PipelineState) -> Update:
    ctx, emit = _context(), _emit()
    if state.get("rejected"):
        return {"summary": _rejected(state)}
    plan, design = state["plan"], state["design"]
    files = _all_files(state)
    editing = state.get("mode") == "edit"
    out = state.get("output_dir") or _free_folder(
        state.get("output_root"), plan.slug, bool(state.get("force"))
    )
    written = Written()
    if out:
        s = ctx.settings
        limits = Limits(s.max_file_bytes, s.max_project_bytes, s.max_files)
        common: dict[str, Any] = {
            "plan": plan, "design": design, "request": state["prompt"], "run_id": state.get("run_id", ""),
            "limits": limits,
        }  # fmt: skip
        if editing:
            written = await asyncio.to_thread(
                write_edit, Path(out), files, dry_run=bool(state.get("dry_run")), **common
            )
        else:
            written = await asyncio.to_thread(
                write_new, Path(out), files, force=bool(state.get("force")), **common
            )
        emit({"event": "written", "output_dir": out, "files": len(written.files), "removed": written.removed,
              "conflicts": written.conflicts, "dry_run": bool(state.get("dry_run"))})  # fmt: skip
    summary = RunSummary(
        run_id=state.get("run_id", ""),
        prompt=state["prompt"],
        app_name=plan.app_name,
        slug=plan.slug,
        status="succeeded",
        mode="edit" if editing else "generate",
        output_dir=out,
        files_written=written.files if out else sorted(files),
        agents=state.get("reports", []),
        fix_rounds=state.get("fix_round", 0),
        diagnostics=state.get("diagnostics", []),
        duration_s=round(time.time() - state.get("started_at", time.time()), 3),
        run_commands=run_commands(out or plan.slug),
        key_events=state.get("key_events", []),
        rounds=state.get("rounds", []),
        dropped=state.get("dropped", []),
        conflicts=written.conflicts,
        notes=written.notes,
        diff=written.diff,
    )
    return {"summary": summary}


def _rejected(state: PipelineState) -> RunSummary:
    """A reviewer said no: nothing is written, and the summary says at which stage."""
    plan = state.get("plan")
    return RunSummary(
        run_id=state.get("run_id", ""),
        prompt=state["prompt"],
        app_name=plan.app_name if plan else "",
        slug=plan.slug if plan else "",
        status="rejected",
        mode="edit" if state.get("mode") == "edit" else "generate",
        output_dir=None,
        agents=state.get("reports", []),
        duration_s=round(time.time() - state.get("started_at", time.time()), 3),
        notes=[f"rejected at review of the {state.get('rejected')}; nothing was written"],
    )


def _free_folder(root: str | None, slug: str, force: bool) -> str | None:
    if not root:
        return None
    candidate = Path(root) / slug
    n = 1
    while not force and candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        n += 1
        candidate = Path(root) / f"{slug}-{n}"
    return str(candidate)


def run_commands(root: str) -> list[str]:
    return [
        f"cd {root}/backend && python -m pip install -r requirements.txt && uvicorn app.main:app --port 8000",
        f"cd {root}/frontend && npm install && npm run dev",
        f"cd {root}/backend && python -m pytest",
    ]


def sync_twin(node: Node) -> RunnableLambda[PipelineState, Update]:
    """The node as a runnable with both entry points, so ``invoke`` and ``ainvoke`` both work."""

    def run(state: PipelineState) -> Update:
        return run_sync(node(state))

    return RunnableLambda(run, afunc=node, name=node.__name__.removesuffix("_node"))
