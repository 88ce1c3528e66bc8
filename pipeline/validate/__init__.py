"""DEBUG's checks: pure functions over FileSets and the Design, returning Diagnostics."""

from __future__ import annotations

from pipeline.artifacts import Design, Diagnostic, FileSet
from pipeline.validate.contract_checks import check_contract
from pipeline.validate.js_checks import check_imports
from pipeline.validate.python_checks import check_python, check_requirements


def check_static(design: Design, backend: FileSet, frontend: FileSet) -> list[Diagnostic]:
    """Every check that reads code without running it."""
    return [
        *check_python(backend),
        *check_requirements(backend),
        *check_imports(frontend),
        *check_contract(design, backend, frontend),
    ]


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


__all__ = ["check_static", "errors"]
