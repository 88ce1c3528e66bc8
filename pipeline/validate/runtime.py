"""Checks that run generated code, always in the sandbox: the app's own OpenAPI, its pytest
suite, and ``npm run build``. Each turns what it saw into Diagnostics pointing at files."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.artifacts import Diagnostic, FileSet
from pipeline.sandbox import Outcome, SandboxLimits, SandboxUnavailable, run_sandboxed
from pipeline.validate.app_env import ENV_CHECK
from pipeline.validate.evidence import parse_pytest_report, project_path, scrub
from pipeline.validate.npm import install_dependencies, shared_node_modules, uses_template_packages
from pipeline.validate.python_checks import requirement_names
from pipeline.writer import write_project

PYTEST_ARGS = ("-p", "no:cacheprovider", "--tb=short", "-rfE", "--color=no", "-o", "verbosity_assertions=2")
"""Every failure's assertion in full (verbosity 2 never elides a diff, whatever the project's
``addopts`` say), with a short traceback."""
PYTEST_ENV = {"COLUMNS": "400"}
"""Wide enough that pytest cuts no summary line at the terminal's width."""
_PLUGIN_ASKED = re.compile(r"(?im)^\s*pytest[-_][\w.-]+")
"""A pytest plugin named in the app's requirements (pytest-asyncio, pytest_mock)."""


def pytest_env(backend: FileSet) -> dict[str, str]:
    """The suite's environment. The interpreter that runs it may hold plugins the app never asked
    for (the service's own: hypothesis, schemathesis…), which the app's own environment would not
    have and which cost seconds to load: they load only when the app's requirements name a pytest
    plugin. anyio's, which FastAPI brings, is then loaded by name for tests that use it."""
    if _PLUGIN_ASKED.search(backend.files.get("backend/requirements.txt", "")):
        return PYTEST_ENV
    return {**PYTEST_ENV, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def _own_plugins(backend: FileSet, env: dict[str, str]) -> tuple[str, ...]:
    # async tests (@pytest.mark.anyio) need anyio's plugin, which autoload would have brought
    uses_anyio = any(p.startswith("backend/tests/") and "anyio" in text for p, text in backend.files.items())
    return ("-p", "anyio.pytest_plugin") if uses_anyio and "PYTEST_DISABLE_PLUGIN_AUTOLOAD" in env else ()


IMPORT_LIMITS = SandboxLimits(timeout_s=60)
TEST_LIMITS = SandboxLimits(timeout_s=300)
BUILD_LIMITS = SandboxLimits(timeout_s=300, memory_mb=3072, address_space_cap=False, cpus=2.0)
"""Node reserves huge virtual memory up front: its sandbox is capped by the cgroup, not RLIMIT_AS."""

INTROSPECT = """
import importlib, json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DATABASE_PATH", os.path.join(os.getcwd(), ".introspect.db"))
for name in ("app.main", "main"):
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, name.split(".")[0]):
            continue
        raise
    app = getattr(module, "app")
    print("@@OPENAPI@@" + json.dumps(app.openapi()))
    break
else:
    print("@@NOAPP@@")
"""


def materialize(files: FileSet, root: Path, prefix: str) -> Path:
    """Write the files under ``prefix`` into ``root`` (through the safe writer)."""
    chosen = {p.removeprefix(prefix): c for p, c in files.files.items() if p.startswith(prefix)}
    write_project(root, chosen, force=True)
    return root


def _where(output: str, files: dict[str, str]) -> list[tuple[str, int]]:
    """The project files and lines a traceback names, last called last (never a library's)."""
    frames = re.findall(r'File "([^"]+)", line (\d+)', output) or re.findall(
        r"^([\w/.-]+\.py):(\d+):", output, re.MULTILINE
    )
    found = [(project_path(path, files), int(line)) for path, line in frames]
    return [(path, line) for path, line in found if path is not None]


def introspect(
    backend: FileSet, *, python: str = sys.executable, limits: SandboxLimits = IMPORT_LIMITS
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Import the FastAPI app in the sandbox and read ``app.openapi()``."""
    if not any(p.endswith(".py") for p in backend.files):
        return None, []
    with tempfile.TemporaryDirectory(prefix="pipeline-introspect-") as tmp:
        root = materialize(backend, Path(tmp) / "backend", "backend/")
        try:
            outcome = run_sandboxed([python, "-c", INTROSPECT], cwd=root, limits=limits)
        except SandboxUnavailable as exc:
            return None, [not_run(exc)]
        where = str(root)
    if "@@OPENAPI@@" in outcome.stdout:
        return json.loads(outcome.stdout.split("@@OPENAPI@@", 1)[1].strip().splitlines()[0]), []
    if "@@NOAPP@@" in outcome.stdout:
        return None, [
            Diagnostic(
                file="backend/app/main.py",
                check="python.app",
                message="no FastAPI `app` in app/main.py or main.py",
                owner="backend",
            )
        ]
    return None, [_import_failure(outcome, backend, where)]


def _import_failure(outcome: Outcome, backend: FileSet, root: str) -> Diagnostic:
    text = outcome.stderr or outcome.stdout
    last = scrub((text.strip().splitlines() or ["the app did not start"])[-1], root)[:300]
    if outcome.timed_out:
        return Diagnostic(
            file="backend/app/main.py",
            check="python.app",
            message="importing the app did not finish in time",
            owner="backend",
        )
    missing = re.search(r"No module named '([\w.]+)'", last)
    if missing:
        top = missing[1].split(".")[0]
        declared = requirement_names(backend.files.get("backend/requirements.txt", ""))
        if top.lower().replace("_", "-") in declared:
            return Diagnostic(
                file="backend/requirements.txt",
                check=ENV_CHECK,
                message=f"cannot import the app: {top} is required but not installed in its environment",
                owner="backend",
            )
    frames = _where(text, backend.files)[-4:]
    file, line = frames[-1] if frames else ("backend/app/main.py", 0)
    evidence = "Traceback (the project's frames, most recent call last):\n" + "\n".join(
        f"  {path}:{number}" for path, number in frames
    )
    return Diagnostic(
        file=file,
        line=line,
        check="python.app",
        message=f"the app does not import: {last}",
        owner="backend",
        evidence=f"{evidence}\n  {last}" if frames else last,
        related=list(dict.fromkeys(path for path, _ in frames if path != file)),
    )


def run_backend_tests(
    backend: FileSet, *, python: str = sys.executable, limits: SandboxLimits = TEST_LIMITS
) -> list[Diagnostic]:
    """The backend's own pytest suite, in the sandbox; each failure → a Diagnostic."""
    if not any(p.startswith("backend/tests/") for p in backend.files):
        return [
            Diagnostic(
                file="backend/tests/",
                check="tests.missing",
                message="the backend has no tests",
                severity="warning",
                owner="backend",
            )
        ]
    env = pytest_env(backend)
    with tempfile.TemporaryDirectory(prefix="pipeline-tests-") as tmp:
        root = materialize(backend, Path(tmp) / "backend", "backend/")
        try:
            outcome = run_sandboxed(
                [python, "-m", "pytest", *PYTEST_ARGS, *_own_plugins(backend, env)],
                cwd=root,
                limits=limits,
                env=env,
            )
        except SandboxUnavailable as exc:
            return [not_run(exc)]
        where = str(root)
    if outcome.timed_out:
        return [
            Diagnostic(
                file="backend/tests/",
                check="tests.timeout",
                message=f"the test suite did not finish within {limits.timeout_s:.0f} s",
                owner="backend",
            )
        ]
    if outcome.returncode == 0:
        return []
    return parse_pytest_report(outcome.stdout + "\n" + outcome.stderr, backend.files, where)


NODE_ENV = {"NODE_OPTIONS": "--max-old-space-size=2048"}
SANDBOX_CHECK = "sandbox.unavailable"


def not_run(exc: SandboxUnavailable) -> Diagnostic:
    """A runtime check skipped because generated code may not run here; the reason is the summary's."""
    return Diagnostic(file="", check=SANDBOX_CHECK, message=str(exc), severity="warning", owner="debug")


def npm_build(frontend: FileSet, *, limits: SandboxLimits = BUILD_LIMITS) -> list[Diagnostic]:
    """Install the frontend's packages (registry versions only, no package scripts), then
    ``npm run build`` in the sandbox with the network off."""
    if "frontend/package.json" not in frontend.files:
        return [
            Diagnostic(
                file="frontend/package.json",
                check="js.build",
                message="the frontend has no package.json",
                owner="uix",
            )
        ]
    with tempfile.TemporaryDirectory(prefix="pipeline-npm-") as tmp:
        root = materialize(frontend, Path(tmp) / "frontend", "frontend/")
        try:
            mounts: list[tuple[Path, Path]] = []
            notes: list[Diagnostic] = []
            if uses_template_packages(root):
                # the templates' packages: bound read-only from the shared cache, no network
                mounts = [(shared_node_modules(), root / "node_modules")]
            else:
                notes = install_dependencies(root, Path(tmp) / "npm-cache")
                if any(d.severity == "error" for d in notes):
                    return notes
            build = run_sandboxed(
                ["npm", "run", "build"], cwd=root, limits=limits, env=NODE_ENV, mounts=mounts
            )
        except SandboxUnavailable as exc:
            return [not_run(exc)]
    if build.returncode == 0:
        return notes
    text = build.stdout + build.stderr
    where = re.search(r"(src/[\w/.-]+\.(?:jsx?|tsx?)):(\d+)", text)
    file, line = (f"frontend/{where[1]}", int(where[2])) if where else ("frontend/package.json", 0)
    return [
        *notes,
        Diagnostic(
            file=file,
            line=line,
            check="js.build",
            message=f"npm run build failed: {first_build_error(text)}",
            owner="uix",
        ),
    ]


def first_build_error(output: str) -> str:
    """The line that says what went wrong (Vite and Rollup print it before a stack), with the
    line after it; the output's tail when no line says "error"."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        lowered = line.lower()
        if "error" in lowered and not lowered.startswith(("at ", "npm err", "npm error")):
            said = line if not lowered.rstrip(":").endswith("error during build") else ""
            following = lines[index + 1] if index + 1 < len(lines) else ""
            return " ".join(part for part in (said, following) if part)[:300]
    return output.strip()[-300:]
