"""DEBUG: check the project, fix what rules can fix, and send the rest back to its owner."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.artifacts import Design, Diagnostic, FileSet
from pipeline.templates.render import BACKEND_PINS
from pipeline.validate import check_static, errors
from pipeline.validate.python_checks import IMPORT_TO_DIST, requirement_names


@dataclass(frozen=True)
class Verdict:
    diagnostics: list[Diagnostic]
    fixed: dict[str, str]
    """Files DEBUG repaired itself (no LLM call)."""
    targets: list[str]
    """Agents that get a fix round next (empty: go on to write)."""
    reason: str


def rule_fixes(backend: FileSet, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Repairs that need no model: missing requirement lines, for now."""
    missing: list[str] = []
    for d in diagnostics:
        if d.check == "python.missing-requirement":
            name = d.message.split("'")[1]
            dist = IMPORT_TO_DIST.get(name, name)
            if dist not in missing:
                missing.append(dist)
    if not missing:
        return {}
    path = "backend/requirements.txt"
    text = backend.files.get(path, "")
    declared = requirement_names(text)
    lines = [
        f"{d}=={BACKEND_PINS[d]}" if d in BACKEND_PINS else d for d in missing if d.lower() not in declared
    ]
    if not lines:
        return {}
    return {path: (text.rstrip("\n") + "\n" if text.strip() else "") + "\n".join(lines) + "\n"}


def next_round(
    current: list[Diagnostic], previous: list[Diagnostic] | None, round_: int, max_rounds: int
) -> tuple[list[str], str]:
    """Who gets a fix round, and why the loop goes on or stops. Pure."""
    failing = errors(current)
    if not failing:
        return [], "no errors"
    if round_ >= max_rounds:
        return [], f"stopped after {round_} fix round(s) with {len(failing)} error(s) left"
    if previous is not None and sorted(d.key() for d in failing) == sorted(d.key() for d in errors(previous)):
        return [], "the last fix round changed nothing; stopping instead of paying for another"
    owners: list[str] = sorted({str(d.owner) for d in failing if d.owner in ("backend", "uix")})
    return owners, f"fix round {round_ + 1} for {', '.join(owners)}"


def review(
    design: Design,
    backend: FileSet,
    frontend: FileSet,
    *,
    previous: list[Diagnostic] | None,
    round_: int,
    max_rounds: int,
) -> Verdict:
    diagnostics = check_static(design, backend, frontend)
    fixed = rule_fixes(backend, diagnostics)
    if fixed:
        backend = backend.model_copy(update={"files": {**backend.files, **fixed}})
        diagnostics = check_static(design, backend, frontend)
    targets, reason = next_round(diagnostics, previous, round_, max_rounds)
    return Verdict(diagnostics, fixed, targets, reason)
