"""Never ship broken: what a side that still fails after the last fix round goes back to."""

from __future__ import annotations

from langgraph.types import Overwrite

from pipeline.artifacts import Diagnostic
from pipeline.graph.nodes.step import Update
from pipeline.graph.state import PipelineState
from pipeline.templates import render_backend, render_frontend
from pipeline.templates.operations import without_operations


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
