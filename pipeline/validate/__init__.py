"""DEBUG's checks over FileSets and the Design, returning Diagnostics.

Levels: ``static`` reads code (Python, ruff, JavaScript, the contract, the frontend's query names
and response keys against it) and lints the frontend with ESLint (from the templates' cached
toolchain, never the project's own ``npm install``); ``run`` also imports the app in the sandbox
(its OpenAPI against the contract) and runs the backend's pytest suite; ``full`` also runs
``npm install && npm run build``.
"""

from __future__ import annotations

import sys
from typing import Literal

from pipeline.artifacts import Design, Diagnostic, FileSet
from pipeline.validate.app_env import AppEnvironment, app_environment
from pipeline.validate.contract_checks import check_contract, compare_openapi
from pipeline.validate.evidence import attribute
from pipeline.validate.js_checks import check_base_urls, check_imports, check_syntax
from pipeline.validate.js_contract import check_frontend_contract
from pipeline.validate.js_names import check_imported_names
from pipeline.validate.lint import check_lint
from pipeline.validate.python_checks import check_python, check_requirements

Level = Literal["static", "run", "full"]
LEVELS: tuple[Level, ...] = ("static", "run", "full")


def check_static(design: Design, backend: FileSet, frontend: FileSet) -> list[Diagnostic]:
    """Every check that reads code without running it."""
    return _check_static(design, backend, frontend)  # each parse takes pipeline._ast's lock


STUB_MARK = "# pipeline: stub"


def check_stubs(backend: FileSet) -> list[Diagnostic]:
    """A custom operation still answering with the scaffold's 501 stub is not done."""
    found: list[Diagnostic] = []
    for path, text in backend.files.items():
        for number, line in enumerate(text.split("\n"), 1):
            if STUB_MARK in line:
                found.append(
                    Diagnostic(
                        file=path,
                        line=number,
                        check="operation.not-implemented",
                        message="a custom operation is still the scaffold's stub (answers 501): implement its rule",
                        owner="backend",
                    )
                )
    return found


def _check_static(design: Design, backend: FileSet, frontend: FileSet) -> list[Diagnostic]:
    return [
        *check_stubs(backend),
        *check_python(backend),
        *check_lint(backend),
        *check_requirements(backend),
        *check_syntax(frontend),
        *check_imports(frontend),
        *check_imported_names(frontend),
        *check_contract(design, backend, frontend),
        *check_frontend_contract(design, frontend),
        *check_base_urls(design, frontend),
    ]


def validate(
    design: Design, backend: FileSet, frontend: FileSet, level: Level = "static"
) -> list[Diagnostic]:
    """The checks of ``level``; running ones only when the static ones found no Python error
    (a project that does not parse is not worth starting)."""
    from pipeline.validate import runtime

    found = check_static(design, backend, frontend)
    if _lint_frontend(frontend, found):
        from pipeline.validate.eslint import npm_lint

        found += npm_lint(frontend)
    if level == "static":
        return found
    found += sandbox_notes()
    python_broken = any(d.severity == "error" and d.check.startswith("python.") for d in found)
    environment = app_python(backend) if not python_broken and backend.files else None
    if environment is not None:
        found += environment.findings
    if environment is not None and environment.python is not None:
        python = environment.python
        openapi, problems = runtime.introspect(backend, python=python)
        found += problems
        if openapi is not None and design.contract.get("paths"):
            found += compare_openapi(design.contract, openapi, backend)
        if not problems:
            tests = runtime.run_backend_tests(backend, python=python)
            found += attribute(tests, design.custom_operations, backend.files)
    if (
        level == "full"
        and frontend.files
        and not any(d.severity == "error" and d.owner == "uix" for d in found)
    ):
        found += runtime.npm_build(frontend)
    return found


def _lint_frontend(frontend: FileSet, found: list[Diagnostic]) -> bool:
    """ESLint runs on code a model wrote or changed. The templates' own frontend is linted for
    every kind by the test suite, and no model could take a fix round for it; a frontend that
    does not parse gets its syntax findings alone."""
    if not frontend.files or frontend.provider == "template":
        return False
    return not any(d.severity == "error" and d.owner == "uix" for d in found)


def app_python(backend: FileSet) -> AppEnvironment:
    """The app's own pinned packages to run it with (made once per requirements); where no
    sandbox can run it, the checks report themselves skipped and nothing is installed."""
    from pipeline.sandbox import sandbox_status

    if not sandbox_status().can_run:
        return AppEnvironment(sys.executable)
    return app_environment(backend.files.get("backend/requirements.txt", ""))


def sandbox_notes() -> list[Diagnostic]:
    """What a run that executes generated code must say about where it runs it."""
    from pipeline.sandbox import sandbox_status

    status = sandbox_status()
    if status.available or not status.unsandboxed_opt_in:
        return []  # sandboxed, or each runtime check reports itself skipped
    return [
        Diagnostic(
            file="",
            check="sandbox.off",
            message="generated code ran WITHOUT a sandbox (PIPELINE_UNSANDBOXED=1): " + status.reason,
            severity="warning",
            owner="debug",
        )
    ]


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


__all__ = ["LEVELS", "Level", "check_static", "errors", "validate"]
