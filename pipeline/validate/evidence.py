"""What a failing test shows, read from pytest's own report: the assertion with its actual and
expected values, and the traceback's frames in the project's own files. Pure functions.

pytest runs with ``-vv --tb=short`` at a wide ``COLUMNS``, so nothing is cut at a terminal's
width. Its FAILURES section holds one block per failure::

    ___________________ test_stats_count_only_finished_sessions ____________________
    tests/test_pomodoro.py:20: in test_stats_count_only_finished_sessions
        assert client.get("/api/pomodoro/stats").json() == {"done": 1, ...}
    E   AssertionError: assert {'done': 1, 'focus_minutes': 75} == {'done': 1, 'focus_minutes': 25}

A frame is kept only when it names a file of the project (``backend/...``): a library's frame
or a machine path (the sandbox's folder, the host's interpreter) never reaches a model.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from pipeline._ast import parse as safe_parse
from pipeline.artifacts import CustomOperation, Diagnostic

EVIDENCE_CHARS = 1_500
"""Most characters of one failure's evidence: the assertion and the project's frames."""
ASSERTION_LINES = 24
FRAMES_KEPT = 4
"""The traceback's last frames in the project's files."""

_BLOCK = re.compile(r"^_{3,} (.+?) _{3,}$", re.MULTILINE)
_FRAME = re.compile(r"^(\S+\.py):(\d+): in (\S+)$")
_SUMMARY = re.compile(r"^(FAILED|ERROR) ([\w/.-]+\.py)(?:::([\w\[\]./-]+))?(?: - (.*))?$", re.MULTILINE)
_MACHINE_PATH = re.compile(r"(?:/[\w.+-]+)+/(?:site|dist)-packages/")


@dataclass(frozen=True)
class Frame:
    file: str
    """The project's path: ``backend/app/routes/operations.py``."""
    line: int
    function: str
    code: str


def project_path(raw: str, files: dict[str, str], prefix: str = "backend/") -> str | None:
    """A traceback's path as the project's own (``backend/...``), or None for a library's.
    A relative path is the project's (pytest runs in it); an absolute one keeps its longest tail
    that is a file of the project, so the sandbox's or host's folder never shows."""
    if "site-packages" in raw or "dist-packages" in raw or raw.startswith("<"):
        return None
    parts = [p for p in raw.split("/") if p and p != "."]
    for start in range(len(parts)):
        candidate = prefix + "/".join(parts[start:])
        if candidate in files:
            return candidate
        if not raw.startswith("/"):
            break
    return None


def scrub(text: str, root: str, prefix: str = "backend/") -> str:
    """``text`` with the sandbox's folder written as the project's prefix, and library folders
    shortened, so no machine path reaches a model or a user."""
    text = text.replace(root.rstrip("/") + "/", prefix)
    return _MACHINE_PATH.sub("<site-packages>/", text)


def _frames(block: str, files: dict[str, str]) -> list[Frame]:
    lines = block.split("\n")
    found: list[Frame] = []
    for i, line in enumerate(lines):
        match = _FRAME.match(line)
        if not match:
            continue
        path = project_path(match[1], files)
        if path is None:
            continue
        code = lines[i + 1].strip() if i + 1 < len(lines) and lines[i + 1].startswith("    ") else ""
        found.append(Frame(path, int(match[2]), match[3], code))
    return found


def _assertion(block: str) -> list[str]:
    said = [line[4:].rstrip() if len(line) > 4 else "" for line in block.split("\n") if line.startswith("E ")]
    while said and not said[-1].strip():
        said.pop()
    return said[:ASSERTION_LINES]


def describe_failure(block: str, files: dict[str, str], root: str) -> tuple[str, list[Frame]]:
    """One failure's evidence (the assertion, then the project's frames, last called last) and
    those frames."""
    frames = _frames(block, files)[-FRAMES_KEPT:]
    said = _assertion(block)
    parts = []
    if said:
        parts.append("Assertion:\n" + "\n".join(f"  {line}" for line in said))
    if frames:
        parts.append(
            "Traceback (the project's frames, most recent call last):\n"
            + "\n".join(f"  {f.file}:{f.line} in {f.function}" + (f"\n    {f.code}" if f.code else "") for f in frames)
        )  # fmt: skip
    text = scrub("\n".join(parts), root)
    return (text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 15] + "\n  … (cut)"), frames


def _blocks(output: str) -> dict[str, str]:
    """Failure title (``test_x``, ``ERROR at setup of test_x``, ``ERROR collecting tests/t.py``)
    → its block, from the FAILURES and ERRORS sections."""
    end = re.search(r"^=+ short test summary info =+$", output, re.MULTILINE)
    body = output[: end.start()] if end else output
    marks = list(_BLOCK.finditer(body))
    return {
        m[1].strip(): body[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(body)]
        for i, m in enumerate(marks)
    }


def parse_pytest_report(output: str, files: dict[str, str], root: str = "") -> list[Diagnostic]:
    """Each failing test of a pytest run (``-rfE``) as a Diagnostic at the test's line, with its
    evidence and the project files its traceback names."""
    blocks = _blocks(output)
    found: list[Diagnostic] = []
    for match in _SUMMARY.finditer(output):
        kind, path, test, reason = match.groups()
        name = (test or "").split("::")[-1]
        block = blocks.get(name) or blocks.get(f"{(test or '').replace('::', '.')}")
        if block is None:
            block = next((b for title, b in blocks.items() if title.endswith((f" {name}", f" {path}"))), "")
        evidence, frames = describe_failure(block, files, root) if block else ("", [])
        test_file = f"backend/{path}"
        own = [f for f in frames if f.file == test_file]
        said = _assertion(block)
        first = next((line.strip() for line in said if line.strip()), (reason or kind).strip())
        label = f"{name} failed" if test else "the test module could not be collected"
        found.append(
            Diagnostic(
                file=test_file,
                line=own[-1].line if own else 0,
                check="tests.failed",
                message=scrub(f"{label}: {first}", root)[:300],
                owner="backend",
                evidence=evidence,
                related=list(dict.fromkeys(f.file for f in frames if f.file != test_file)),
            )
        )
    if not found:
        tail = " ".join(output.strip().splitlines()[-3:])
        found.append(
            Diagnostic(
                file="backend/tests/",
                check="tests.failed",
                message=f"the test run failed: {scrub(tail, root)[:300]}",
                owner="backend",
            )
        )
    return found


def _template(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(path))
    return re.compile(f"^{pattern}/?$")


def called_paths(source: str, test: str) -> list[tuple[int, str]]:
    """(line, path) of each API path the test function ``test`` (or, without it, the module)
    requests: string literals beginning ``/api``, each ``{...}`` of an f-string one segment."""
    try:
        tree = safe_parse(source)
    except SyntaxError:
        return []
    scope: ast.AST = next(
        (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == test),
        tree,
    )  # fmt: skip
    paths: list[tuple[int, str]] = []
    for node in ast.walk(scope):
        text = None
        if isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{x}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        if text and text.startswith("/api"):
            paths.append((getattr(node, "lineno", 0), text.split("?")[0]))
    return sorted(paths)


def operations_called(
    source: str, test: str, operations: list[CustomOperation], failed_at: int = 0
) -> list[str]:
    """The custom operations (operationId) a failing test speaks for: the one it requested last
    before the line that failed (the calls before it only set the stage), or, without that line,
    every one it requests."""

    def matching(path: str) -> list[str]:
        return [op.operation_id for op in operations if _template(op.path).match(path)]

    calls = [(line, ids) for line, path in called_paths(source, test) if (ids := matching(path))]
    before = [ids for line, ids in calls if line <= failed_at]
    if failed_at and before:
        return before[-1]
    return list(dict.fromkeys(i for _, ids in calls for i in ids))


def route_module(files: dict[str, str], path: str) -> str | None:
    """The backend module that declares the route ``path``."""
    quoted = (f'"{path}"', f"'{path}'")
    return next(
        (p for p, text in sorted(files.items()) if p.endswith(".py") and "/tests/" not in p and any(q in text for q in quoted)),
        None,
    )  # fmt: skip


_APP_IMPORT = re.compile(r"^(?:from|import) (app(?:\.\w+)+)", re.MULTILINE)


def project_imports(files: dict[str, str], module: str) -> list[str]:
    """The app's own modules ``module`` imports (where a route's rule often lives: a helper the
    model wrote), except the storage layer every route imports."""
    found = [f"backend/{name.replace('.', '/')}.py" for name in _APP_IMPORT.findall(files.get(module, ""))]
    return [p for p in dict.fromkeys(found) if p in files and p not in (module, "backend/app/db.py")]


def fixtures(files: dict[str, str], test_file: str) -> list[str]:
    """conftest.py when a failing test makes its records with its fixtures: the sample values
    they fill in decide what the test sees."""
    conftest = "backend/tests/conftest.py"
    uses = re.search(r"^from tests\.conftest import", files.get(test_file, ""), re.MULTILINE)
    return [conftest] if uses and conftest in files else []


def attribute(
    diagnostics: list[Diagnostic], operations: list[CustomOperation], files: dict[str, str]
) -> list[Diagnostic]:
    """Each failing test named with the custom operations it calls, and the code under test added
    to the files it relates to: the modules that declare them, the app's modules those import,
    and the fixtures that made the test's records."""
    by_id = {op.operation_id: op for op in operations}
    attributed: list[Diagnostic] = []
    for d in diagnostics:
        if d.check != "tests.failed" or d.file not in files:
            attributed.append(d)
            continue
        test = d.message.split(" failed:", 1)[0] if " failed:" in d.message else ""
        called = operations_called(files[d.file], test.split("[")[0], operations, d.line)
        routes = [m for m in (route_module(files, by_id[o].path) for o in called) if m]
        modules = [*routes, *(m for r in routes for m in project_imports(files, r)), *fixtures(files, d.file)]
        attributed.append(
            d.model_copy(
                update={"operations": called, "related": list(dict.fromkeys([*d.related, *modules]))}
            )
        )
    return attributed
