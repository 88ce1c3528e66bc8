"""DEBUG: check the project, fix what rules can fix, and send the rest back to its owner."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from pipeline.agents.briefs import load_prompt, messages_for
from pipeline.agents.chain import run_agent
from pipeline.agents.coding import chain_budget, contract_lines, files_to_fix, with_evidence
from pipeline.agents.outline import outline
from pipeline.agents.parsing import ParseError, extract_json, json_incomplete
from pipeline.agents.sizing import estimate
from pipeline.agents.types import AgentResult, CallSpec, StepContext
from pipeline.artifacts import Design, Diagnostic, FileSet
from pipeline.templates.render import BACKEND_PINS
from pipeline.validate import Level, errors, validate
from pipeline.validate.python_checks import IMPORT_TO_DIST, requirement_names

ADVICE_CALL = CallSpec(max_output=800, min_output=200, json_mode=True, incomplete=json_incomplete)


@dataclass(frozen=True)
class Verdict:
    diagnostics: list[Diagnostic]
    fixed: dict[str, str]
    """Files DEBUG repaired itself (no LLM call)."""
    targets: list[str]
    """Agents that get a fix round next (empty: go on to write)."""
    reason: str


# Names generated code commonly forgets to import, and where they come from.
KNOWN_IMPORTS = {
    **{n: "from fastapi import {}" for n in ("FastAPI", "APIRouter", "Depends", "HTTPException", "Query", "Request", "Response", "Body", "status")},
    **{n: "from pydantic import {}" for n in ("BaseModel", "Field", "ConfigDict", "StringConstraints", "field_validator")},
    **{n: "from typing import {}" for n in ("Any", "Literal", "Annotated", "Optional")},
    **{n: "from datetime import {}" for n in ("date", "datetime", "timedelta")},
    **{n: "import {}" for n in ("os", "json", "re", "sqlite3", "time", "uuid", "pytest")},
    "Path": "from pathlib import {}",
    "TestClient": "from fastapi.testclient import {}",
    "CORSMiddleware": "from fastapi.middleware.cors import {}",
}  # fmt: skip


def add_imports(source: str, names: list[str]) -> str:
    """``source`` with an import line for each known name, after the module docstring and __future__
    (any docstring quoting: a formatter may leave a one-line docstring in plain quotes)."""
    lines = source.split("\n")
    at = 0
    try:
        body = ast.parse(source).body
    except SyntaxError:
        body = []
    for index, node in enumerate(body):
        docstring = index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        if not (docstring or future):
            break
        at = node.end_lineno or at
    new = [KNOWN_IMPORTS[n].format(n) for n in names if n in KNOWN_IMPORTS]
    return "\n".join([*lines[:at], *new, *lines[at:]])


def rule_fixes(backend: FileSet, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Repairs that need no model: imports of well-known names, missing requirement lines, and
    a database dependency a route does not use."""
    undefined: dict[str, list[str]] = {}
    for d in diagnostics:
        if d.check == "python.undefined-name" and d.file in backend.files:
            name = d.message.split("'")[1] if "'" in d.message else ""
            if name in KNOWN_IMPORTS and name not in undefined.setdefault(d.file, []):
                undefined[d.file].append(name)
    fixed = {path: add_imports(backend.files[path], names) for path, names in undefined.items() if names}
    for path, text in _unused_db_fixes(backend, diagnostics).items():
        fixed[path] = add_imports(text, undefined[path]) if undefined.get(path) else text
    return {**fixed, **_requirement_fixes(backend, diagnostics)}


DB_DEPENDENCY = "db: Database = Depends(get_db),"


def _unused_db_fixes(backend: FileSet, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """A route whose rule needs no database drops the scaffold's ``db`` dependency line (ruff's
    ARG001 on ``db``): the stub had it for whatever the model would write."""
    paths = {
        d.file
        for d in diagnostics
        if d.check == "lint.ARG001" and "`db`" in d.message and d.file in backend.files
    }
    fixed: dict[str, str] = {}
    for path in sorted(paths):
        lines = backend.files[path].split("\n")
        try:
            tree = ast.parse(backend.files[path])
        except SyntaxError:
            continue
        drop: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if any(isinstance(n, ast.Name) and n.id == "db" for stmt in node.body for n in ast.walk(stmt)):
                continue
            for arg in [*node.args.args, *node.args.kwonlyargs]:
                if arg.arg == "db" and lines[arg.lineno - 1].strip() == DB_DEPENDENCY:
                    drop.add(arg.lineno)
        if drop:
            fixed[path] = "\n".join(line for number, line in enumerate(lines, 1) if number not in drop)
    return fixed


def _requirement_fixes(backend: FileSet, diagnostics: list[Diagnostic]) -> dict[str, str]:
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


def parse_advice(text: str) -> dict[str, str]:
    advice = extract_json(text).get("advice")
    if not isinstance(advice, dict):
        raise ParseError('the answer has no "advice" object of path → text')
    return {str(path): str(note)[:2000] for path, note in advice.items()}


async def advise(
    diagnostics: list[Diagnostic],
    ctx: StepContext,
    *,
    files: dict[str, str] | None = None,
    design: Design | None = None,
    request: str = "",
) -> AgentResult[dict[str, str]]:
    """DEBUG's model (its chain) explains what to change in each failing file, from what the
    checks saw, the code they name (whole while the call's budget allows, outlined after), the
    contract of the operations concerned and the user's request; without a model, the fix
    request carries the findings alone."""
    return await run_agent(
        "debug",
        ctx,
        messages=messages_for("debug", advice_request(diagnostics, ctx, files or {}, design, request)),
        parse=parse_advice,
        template=dict,
        call=ADVICE_CALL,
    )


LISTED_FILES = 300
"""Paths the advice prompt lists at most (a generated project has a few dozen to a hundred)."""


def file_list(files: dict[str, str]) -> str:
    """The project's files, paths only, so advice can name the module that holds a thing (and
    never one that is not there) even when only the failing files are shown."""
    paths = sorted(files)
    more = len(paths) - LISTED_FILES
    return (
        "Files in the project:\n"
        + "\n".join(paths[:LISTED_FILES])
        + (f"\n… and {more} more" if more > 0 else "")
    )


def advice_request(
    diagnostics: list[Diagnostic],
    ctx: StepContext,
    files: dict[str, str],
    design: Design | None,
    request: str,
) -> str:
    failing = errors(diagnostics)
    findings = "\n".join(
        f"- {d.file}:{d.line} [{d.check}] {d.message}" + (f"\n{evidence}" if evidence else "")
        for d, evidence in with_evidence(failing)
    )
    contract = contract_lines(design, failing) if design is not None else ""
    head = "\n\n".join(
        [
            *([f"The user asked: {request}"] if request else []),
            *([f"The contract for the operations concerned:\n{contract}"] if contract else []),
            "Findings:\n" + findings,
        ]
    )
    room = chain_budget("debug", ctx.settings, ctx.models, answer=ADVICE_CALL.max_output)
    room -= estimate(head) + estimate(load_prompt("debug"))
    shown: list[str] = []
    for prefix in ("backend/", "frontend/"):
        mine = [d for d in failing if d.file.startswith(prefix)]
        for path in files_to_fix(prefix, files, mine) if mine else []:
            whole = f'<file path="{path}">\n{files[path]}</file>'
            brief = f"Outline of {path}:\n{outline(path, files[path])}"
            for text in (whole, brief):
                if estimate(text) <= room:
                    shown.append(text)
                    room -= estimate(text)
                    break
    # the files to fix come first: a file shown whole is what a fix is made from, the list of paths
    # only lets the advice name where a thing lives, so it takes the room that is left
    listing = file_list(files) if files else ""
    return "\n\n".join([head, *shown, *([listing] if listing and estimate(listing) <= room else [])])


def review(
    design: Design,
    backend: FileSet,
    frontend: FileSet,
    *,
    previous: list[Diagnostic] | None,
    round_: int,
    max_rounds: int,
    level: Level = "static",
) -> Verdict:
    diagnostics = validate(design, backend, frontend, level)
    fixed = rule_fixes(backend, diagnostics)
    if fixed:
        backend = backend.model_copy(update={"files": {**backend.files, **fixed}})
        diagnostics = validate(design, backend, frontend, level)
    targets, reason = next_round(diagnostics, previous, round_, max_rounds)
    return Verdict(diagnostics, fixed, targets, reason)
