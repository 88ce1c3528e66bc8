"""The backend under its owner's linter: ``ruff check`` with the ``ruff.toml`` the app ships.

Files are tidied first, as the writer will tidy them (imports, formatting), so what is left is
what a person would have to fix by hand: each finding is a Diagnostic for the backend's agent,
and a fix round follows. ruff only reads the code. The tree is laid out once, as the owner's
``backend/``, for the tidying and the check; a tree checked before is answered from memory.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from pipeline._memo import BoundedMemo
from pipeline.artifacts import Diagnostic, FileSet
from pipeline.templates.tidy import python_sources, ruff, tidy_tree

ROOT = "backend/"
REMEMBERED = 64
"""Checked trees kept in memory (each a handful of findings); the least recently used go first."""

_checked: BoundedMemo[str, tuple[dict[str, str], list[dict[str, Any]]]] = BoundedMemo(REMEMBERED)


def check_lint(backend: FileSet) -> list[Diagnostic]:
    sources = python_sources(backend.files, ROOT)
    if not sources:
        return []
    key = hashlib.sha256(json.dumps(sorted(sources.items())).encode()).hexdigest()
    checked = _checked.get(key)
    if checked is None:
        with tempfile.TemporaryDirectory(prefix="pipeline-lint-") as tmp:
            folder = Path(tmp)
            tidied = tidy_tree(sources, folder, ROOT)
            found = ruff(["check", "--output-format", "json", "--exit-zero", "-q"], folder)
            try:
                findings = json.loads(found.stdout or "[]")
            except json.JSONDecodeError:
                return [
                    Diagnostic(
                        file="backend", check="lint.ruff", message=f"ruff failed: {found.stderr[-300:]}"
                    )
                ]
            for item in findings:  # paths as the project names them, not the temporary folder's
                item["filename"] = (
                    ROOT + Path(item["filename"]).resolve().relative_to(folder.resolve()).as_posix()
                )
        checked = (tidied, findings)
        _checked.put(key, checked)
    return _diagnostics(*checked)


def _diagnostics(tidied: dict[str, str], findings: list[dict[str, Any]]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for item in findings:
        code = str(item.get("code") or "")
        # no code: a file ruff cannot parse; F: pyflakes, which the Python check already runs
        if not code or code.startswith("F"):
            continue
        path = str(item["filename"])
        row = int((item.get("location") or {}).get("row") or 0)
        lines = tidied.get(path, "").splitlines()
        # the line as written after tidying: its number may differ from the model's text
        where = f" in `{lines[row - 1].strip()[:120]}`" if 0 < row <= len(lines) else ""
        diagnostics.append(
            Diagnostic(
                file=path,
                line=row,
                check=f"lint.{code}",
                owner="backend",
                message=f"ruff {code}: {item.get('message', '')}{where}",
            )
        )
    return diagnostics
