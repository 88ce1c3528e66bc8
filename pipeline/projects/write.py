"""Writing a generation: a new project, or an edit merged into one the user may have changed.

Every write records the project (``.pipeline/project.json``) and commits it (git, when present).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.artifacts import Design, FileSet, Plan
from pipeline.projects.history import commit_generation, commit_your_changes, generated_texts
from pipeline.projects.merge import merge_generation
from pipeline.projects.record import RECORD, ProjectRecord, Step, blob_id, load_project, record_json
from pipeline.templates import project_files
from pipeline.templates.tidy import tidy_python
from pipeline.writer import read_text_files, remove_file, write_project


@dataclass
class WriteLimits:
    max_file_bytes: int = 1_000_000
    max_project_bytes: int = 20_000_000
    max_files: int = 2000


@dataclass
class Written:
    files: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    diff: str = ""
    commit: str | None = None


def previous_generation(root: Path, record: ProjectRecord) -> dict[str, str]:
    """path → the text the pipeline generated last time: from git, else from disk where you
    did not change it. Files neither can give are missing (the caller falls back)."""
    found = generated_texts(root, record.files)
    for path, text in read_text_files(root, [p for p in record.files if p not in found]).items():
        if blob_id(text) == record.files[path]:
            found[path] = text
    return found


def write_new(
    root: Path, files: dict[str, str], *, plan: Plan, design: Design, request: str, run_id: str,
    force: bool, limits: WriteLimits, history: bool = True,
) -> Written:  # fmt: skip
    written = write_project(root, files, force=force, **limits.__dict__)
    record = ProjectRecord(
        request=request, plan=plan, design=design, run_id=run_id,
        files={p: blob_id(t) for p, t in files.items()}, history=[Step(kind="generate", request=request, run_id=run_id)],
    )  # fmt: skip
    write_project(root, {str(RECORD): record_json(record)}, force=True)
    commit = commit_generation(root, files, f"pipeline: {request[:72]}") if history else None
    return Written(files=written, commit=commit)


def write_edit(
    root: Path, files: dict[str, str], *, plan: Plan, design: Design, request: str, run_id: str,
    dry_run: bool, limits: WriteLimits,
) -> Written:  # fmt: skip
    """Merge the new generation ``files`` into the project, keeping your changes."""
    record = load_project(root)
    on_disk = read_text_files(root, set(record.files) | set(files))
    merges = merge_generation(
        recorded=record.files, base=generated_texts(root, record.files), on_disk=on_disk, theirs=files
    )
    result = Written(
        conflicts=[m.path for m in merges if m.conflict],
        notes=[f"{m.path}: {m.note}" for m in merges if m.note and not m.note.startswith("conflict")],
    )
    if dry_run:
        result.diff = "".join(
            _diff(m.path, on_disk.get(m.path, ""), m.text or "") for m in merges if m.action != "keep"
        )
        result.files = [m.path for m in merges if m.action == "write"]
        result.removed = [m.path for m in merges if m.action == "delete"]
        return result
    commit_your_changes(root, request)
    writes = {m.path: m.text for m in merges if m.action == "write" and m.text is not None}
    result.files = write_project(root, writes, force=True, **limits.__dict__) if writes else []
    result.removed = [m.path for m in merges if m.action == "delete" and remove_file(root, m.path)]
    record.plan, record.design, record.run_id = plan, design, run_id
    record.files = {p: blob_id(t) for p, t in files.items()}
    record.history.append(Step(kind="edit", request=request, run_id=run_id, conflicts=result.conflicts))
    write_project(root, {str(RECORD): record_json(record)}, force=True)
    note = f" ({len(result.conflicts)} conflict(s) left marked)" if result.conflicts else ""
    result.commit = commit_generation(root, files, f"pipeline edit: {request[:60]}{note}")
    return result


def _diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(lines)


def all_files(state: Mapping[str, Any]) -> dict[str, str]:
    """Every file of a run's project, from its state (or saved values); its Python tidied as the
    app's own ruff.toml says, whoever wrote it, so the project passes its owner's format check."""
    return tidy_python({
        **(state.get("backend_files") or FileSet()).files,
        **(state.get("frontend_files") or FileSet()).files,
        **project_files(state["plan"], state["design"]),
    })  # fmt: skip


def rewrite_project(state: Mapping[str, Any], out: Path) -> None:
    """Writes a finished run's project again from its saved state (its writer's disk is gone)."""
    limits = WriteLimits(10**9, 10**10, 10**6)  # the run's own writer already held it to the limits
    write_new(
        out, all_files(state), force=True, plan=state["plan"], design=state["design"],
        request=state["prompt"], run_id=state.get("run_id", ""), limits=limits,
    )  # fmt: skip
