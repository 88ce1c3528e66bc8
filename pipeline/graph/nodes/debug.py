"""DEBUG's node: the checks, a model's advice when a fix round is due, and what to do next."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from pipeline.agents.debug import advise, review
from pipeline.artifacts import AgentReport, FileSet
from pipeline.graph.nodes.policy import fall_back, narrow
from pipeline.graph.nodes.step import Update, context, emitter, finished, step_context
from pipeline.graph.state import PipelineState
from pipeline.keypool.pool import collect_key_events


async def debug_node(state: PipelineState) -> Update:
    ctx, emit = context(), emitter()
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
            "error": counts["error"],
            "warning": counts["warning"],
            "fixed": sorted(verdict.fixed),
            "next": verdict.targets,
            "reason": verdict.reason,
        }
    )
    advice: dict[str, str] = {}
    key_events: list[dict[str, Any]] = []
    if verdict.targets:
        with collect_key_events() as key_events:
            backend, frontend = (
                state.get("backend_files") or FileSet(),
                state.get("frontend_files") or FileSet(),
            )
            advised = await advise(
                verdict.diagnostics,
                step_context(state, round_),
                files={**backend.files, **frontend.files, **verdict.fixed},
                design=state["design"],
                request=state.get("prompt", ""),
            )
        if advised.report.provider != "template":  # a model advised: DEBUG's provider this round
            advice = advised.artifact
            report = advised.report.model_copy(
                update={"latency_ms": report.latency_ms + advised.report.latency_ms}
            )
    tagged = finished(emit, report, key_events)
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
        narrowed = None
        if "backend" in failing and state.get("backend_passing") is None:
            narrowed = await asyncio.to_thread(
                narrow, state, verdict.diagnostics, backend, ctx.settings.validate_level
            )
        if narrowed is not None:
            update.update(narrowed)
        else:
            update.update(fall_back(state, verdict.diagnostics, failing))
            # the reverted sides are the passing versions: their errors stay in the trace only
            update["diagnostics"] = [
                d for d in verdict.diagnostics if d.owner not in failing or d.severity != "error"
            ]
        reasons = [d.text for d in update["dropped"]]
        emit({"event": "reverted", "agent": "debug", "round": round_, "dropped": reasons})
        for reason in reasons:
            emit({"event": "dropped", "agent": "debug", "round": round_, "stage": "revert", "reason": reason})
    return update
