"""Never ship broken: what a side that still fails after the last fix round goes back to."""

from __future__ import annotations

from langgraph.types import Overwrite

from pipeline.artifacts import BACK_TO_PASSING, CustomOperation, Diagnostic, Dropped, FileSet
from pipeline.graph.nodes.step import Update
from pipeline.graph.revert import drop_operations, failing_operations, left_out_stubs
from pipeline.graph.revert_crud import crud_failures, revert_crud
from pipeline.graph.state import PipelineState
from pipeline.templates import render_backend, render_frontend
from pipeline.templates.operations import without_operations
from pipeline.validate import Level, validate

API_CLIENT = "frontend/src/api.js"


def narrow(
    state: PipelineState, diagnostics: list[Diagnostic], backend: FileSet, level: Level
) -> Update | None:
    """Revert only as far as one must: the custom operations the backend's errors speak for leave
    the contract, with their routes and the tests that call them; an entity whose plain CRUD they
    speak for goes back to the scaffold's CRUD (``graph.revert_crud``); the rest of the app stays
    as the models wrote it, once the checks pass again. None when the errors cannot be narrowed so."""
    plan, design = state["plan"], state["design"]
    # each error speaks for a custom operation, or for one entity's plain CRUD
    ids = set().union(*(failing_operations([d], design, backend.files) or set() for d in diagnostics))
    crud = crud_failures(diagnostics, design, backend.files, render_backend(plan, design).files)
    others = {op.operation_id for op in design.custom_operations if not op.scaffold}
    unnamed = failing_operations(diagnostics, design, backend.files) is None
    if (crud is None and (unnamed or not ids)) or (ids and ids >= others):
        return None  # an error no operation or entity answers for, or every operation failing
    reduced, files, removed = drop_operations(design, backend.files, ids)
    crud_dropped: list[str] = []
    if crud is not None:
        files, crud_dropped = revert_crud(crud, reduced, files, render_backend(plan, reduced).files)
    gone = [op for op in design.custom_operations if op.operation_id in ids]
    frontend = dict((state.get("frontend_files") or FileSet()).files)
    if API_CLIENT in frontend:
        frontend[API_CLIENT] = left_out_stubs(render_frontend(plan, reduced).files[API_CLIENT], gone)
    found = validate(reduced, FileSet(files=files), FileSet(files=frontend), level)
    if any(d.severity == "error" and d.owner == "backend" for d in found):
        return None
    dropped = [Dropped(cause="left_out", text=text) for text in crud_dropped]
    for op in gone:
        why = "; ".join(
            f"{d.file}: {d.message}"
            for d in diagnostics
            if d.severity == "error" and op.operation_id in d.operations
        ) or "; ".join(
            f"{d.file}: {d.message}" for d in diagnostics if d.severity == "error" and d.owner == "backend"
        )
        tests = f" (its tests went with it: {', '.join(removed)[:300]})" if removed else ""
        dropped.append(operation_left_out(op, why[:300] + tests))
    update: Update = {
        "design": reduced,
        "backend_files": Overwrite(FileSet(files=files, agent="debug", provider="rules")),
        "dropped": dropped,
    }
    if any(d.severity == "error" and d.owner == "uix" for d in found):
        update["frontend_files"] = Overwrite(render_frontend(plan, reduced))
        update["dropped"].append(
            Dropped(
                cause="left_out",
                text="frontend changes: back to the scaffold, since its views still called what was left out",
            )
        )
        found = [d for d in found if d.owner != "uix"]
    else:
        update["frontend_files"] = Overwrite(FileSet(files=frontend, agent="debug", provider="rules"))
    update["diagnostics"] = found
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
            update["dropped"].append(
                Dropped(cause="back_to_passing", text=f"{BACK_TO_PASSING[0]} ({why['backend']})")
            )
        else:
            reduced = without_operations(design)
            update["design"] = reduced
            update["backend_files"] = Overwrite(render_backend(plan, reduced))
            update["frontend_files"] = Overwrite(render_frontend(plan, reduced))
            update["dropped"] += [
                operation_left_out(op, why["backend"]) for op in design.custom_operations
            ] or [Dropped(cause="left_out", text=f"backend changes: {why['backend']}")]
            return update
    if "uix" in failing:
        passing = state.get("frontend_passing")
        update["frontend_files"] = Overwrite(
            passing if passing is not None and passing.files else render_frontend(plan, design)
        )
        update["dropped"].append(
            Dropped(cause="back_to_passing", text=f"{BACK_TO_PASSING[1]} ({why['uix']})")
        )
    return update


def operation_left_out(op: CustomOperation, why: str) -> Dropped:
    """A custom operation removed to keep the app working: in words, and named (for the README)."""
    route = f"{op.method.upper()} {op.path}"
    return Dropped(
        cause="left_out",
        text=f"custom operation {route} ({op.operation_id}): {why}",
        route=route,
        operation_id=op.operation_id,
    )
