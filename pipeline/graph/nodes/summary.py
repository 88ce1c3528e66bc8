"""The run's summary: everything a user or a tool wants to know about it, from the final state."""

from __future__ import annotations

import re
import time
from typing import Any, Literal

from pipeline.artifacts import Dropped, RunSummary
from pipeline.graph.state import PipelineState, is_edit
from pipeline.projects.write import Written
from pipeline.templates.escaping import md


def run_summary(state: PipelineState, out: str | None, written: Written, files: dict[str, Any]) -> RunSummary:
    plan = state["plan"]
    return RunSummary(
        run_id=state.get("run_id", ""),
        prompt=state["prompt"],
        app_name=plan.app_name,
        slug=plan.slug,
        status=outcome(state),
        mode="edit" if is_edit(state) else "generate",
        output_dir=out,
        files_written=written.files if out else sorted(files),
        agents=state.get("reports", []),
        fix_rounds=state.get("fix_round", 0),
        diagnostics=state.get("diagnostics", []),
        duration_s=round(time.time() - state.get("started_at", time.time()), 3),
        run_commands=run_commands(out or plan.slug),
        key_events=state.get("key_events", []),
        rounds=state.get("rounds", []),
        dropped=dropped_of(state),
        fit=plan.fit,
        unmet=list(plan.unmet),
        conflicts=written.conflicts,
        notes=written.notes,
        diff=written.diff,
    )


def outcome(state: PipelineState) -> Literal["succeeded", "partial"]:
    """``succeeded`` only when everything the design asked for works: a run that left something
    out, or ends with errors its checks found, is ``partial``."""
    errors = any(d.severity == "error" for d in state.get("diagnostics", []))
    design = state.get("design")
    # a side back at its last passing version still does all a design of plain CRUD asks: the
    # scaffold serves every one of its operations (the entry stays, so the change is not hidden)
    scaffold_only = design is not None and all(op.scaffold for op in design.custom_operations)
    # a lost edit that no designed operation needed (a label, a style) leaves the design whole
    lost = [
        d
        for d in dropped_of(state)
        if d.cause != "undesigned_edit" and not (scaffold_only and d.cause == "back_to_passing")
    ]
    return "partial" if lost or errors else "succeeded"


OLD_LEFT_OUT = re.compile(r"^custom operation (?:left out of the design: )?([A-Z]+ /[\w/{}.-]*) \((\w+)\)")
"""How an entry written before it named its operation (``route``, ``operation_id``) said it."""


def dropped_of(state: PipelineState) -> list[Dropped]:
    """The state's ``dropped``; a checkpoint saved before causes were kept holds the words alone."""
    return [Dropped.model_validate(d) for d in state.get("dropped", [])]


def left_out_section(dropped: list[Dropped]) -> str:
    """The README's word on what this version does not do, each with its own reason, so it
    promises only what the app does. Parts of a request the offline templates did not understand
    are not repeated here: the README's fit section says what was asked and not made, and a
    change that was not understood leaves the app (and its README) as they were."""
    lines = []
    for dropped_one in dropped:
        if dropped_one.cause in ("not_understood", "undesigned_edit"):  # the app does all it promises
            continue
        named = _operation_named(dropped_one)
        if named is not None:
            # a checked route and identifier (the contract's), printed as they are
            lines.append(f"- `{named[0]}` ({named[1]}): it kept failing its checks")
        else:
            lines.append(f"- {md(dropped_one.text)}")  # reasons quote the request: Markdown-escaped
    if not lines:
        return ""
    return (
        "\n## Not in this version\n\nPart of what was asked is not in this app "
        "(`python -m pipeline runs` has each run's reasons):\n\n" + "\n".join(lines) + "\n"
    )


def _operation_named(dropped: Dropped) -> tuple[str, str] | None:
    """The route and operation id of a custom operation left out, or None for another entry."""
    if dropped.route is not None and dropped.operation_id is not None:
        return dropped.route, dropped.operation_id
    # only entries from traces, summaries and checkpoints written before an entry named its
    # operation: their words are read back (every entry written now names it, or is none)
    if dropped.cause == "left_out" and (found := OLD_LEFT_OUT.match(dropped.text)):
        return found[1], found[2]
    return None


def rejected_summary(state: PipelineState) -> RunSummary:
    """A reviewer said no: nothing is written, and the summary says at which stage."""
    plan = state.get("plan")
    return RunSummary(
        run_id=state.get("run_id", ""),
        prompt=state["prompt"],
        app_name=plan.app_name if plan else "",
        slug=plan.slug if plan else "",
        status="rejected",
        mode="edit" if is_edit(state) else "generate",
        output_dir=None,
        agents=state.get("reports", []),
        duration_s=round(time.time() - state.get("started_at", time.time()), 3),
        notes=[f"rejected at review of the {state.get('rejected')}; nothing was written"],
    )


def run_commands(root: str) -> list[str]:
    return [
        f"python -m pipeline run {root}",
        f"cd {root}/backend && python -m pip install -r requirements.txt && uvicorn app.main:app --port 8000",
        f"cd {root}/frontend && npm ci && npm run dev   # to work on it: a dev server with reload",
        f"cd {root}/backend && python -m pytest",
    ]
