"""The graph's state: the artifacts of a run, and how parallel writes merge."""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, TypedDict

from pipeline.artifacts import AgentReport, Design, Diagnostic, Dropped, FileSet, Plan, RunSummary


def merge_files(left: FileSet | None, right: FileSet | None) -> FileSet:
    """A fix round returns only the files it changed; they replace those of the same path, and
    the paths it deleted are gone from the result."""
    if left is None:
        return right or FileSet()
    if right is None:
        return left
    gone = set(right.deleted) - set(right.files)
    return FileSet(
        files={p: t for p, t in {**left.files, **right.files}.items() if p not in gone},
        agent=right.agent or left.agent,
        provider=right.provider or left.provider,
    )


class InputState(TypedDict, total=False):
    prompt: str
    run_id: str
    output_dir: str | None
    """Where to write the project; without it the graph writes nothing to disk."""
    output_root: str | None
    """Without ``output_dir``: write to ``<output_root>/<slug>`` (``-2``, ``-3``… when taken)."""
    force: bool
    mode: Literal["generate", "edit"]
    """``edit``: change the project at ``output_dir``, keeping the user's own changes."""
    base_plan: Plan
    base_design: Design
    """In an edit: the plan and design the project was last generated from."""
    dry_run: bool
    """In an edit: compute the change and its diff, write nothing."""
    review: bool
    """Stop after CORE and after ARCH for a person to approve, edit or reject."""


class PipelineState(InputState, total=False):
    plan: Plan
    design: Design
    backend_files: Annotated[FileSet, merge_files]
    frontend_files: Annotated[FileSet, merge_files]
    diagnostics: list[Diagnostic]
    """The last DEBUG round's findings (replaced each round)."""
    previous_diagnostics: list[Diagnostic] | None
    advice: dict[str, str]
    """DEBUG's model's advice per failing file, for the next fix round (replaced each round)."""
    fix_round: int
    fix_targets: list[str]
    reports: Annotated[list[AgentReport], operator.add]
    """One per agent step; BACKEND and UIX append in parallel."""
    rounds: Annotated[list[dict[str, Any]], operator.add]
    key_events: Annotated[list[dict[str, Any]], operator.add]
    """Key-pool state changes (cooling, retired, breaker) by fingerprint."""
    backend_passing: FileSet | None
    frontend_passing: FileSet | None
    """Each side's last version that passed DEBUG's checks (only DEBUG writes these)."""
    rejected: str | None
    """The stage a reviewer rejected (``plan`` or ``design``): the run writes nothing."""
    reviewed: Annotated[list[str], operator.add]
    dropped: Annotated[list[Dropped], operator.add]
    """What the run left out, each with its cause and why."""
    started_at: float
    summary: RunSummary


def is_edit(state: InputState) -> bool:
    """Whether the run is an edit: the request's own answer (``RunRequest.is_edit``), which the
    runner put in the state as ``mode``. Every node asks here, never derives it again."""
    return state.get("mode") == "edit"


class OutputState(TypedDict, total=False):
    summary: RunSummary
    plan: Plan
    design: Design
    backend_files: FileSet
    frontend_files: FileSet
    diagnostics: list[Diagnostic]
