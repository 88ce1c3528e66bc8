"""The backend under its owner's linter: ``ruff check`` with the ``ruff.toml`` the app ships.

Files are tidied first, as the writer will tidy them (imports, formatting), so what is left is
what a person would have to fix by hand: each finding is a Diagnostic for the backend's agent,
and a fix round follows. ruff only reads the code.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from pipeline.artifacts import Diagnostic, FileSet
from pipeline.templates.tidy import python_sources, ruff, tidy_python


def check_lint(backend: FileSet) -> list[Diagnostic]:
    sources = python_sources(tidy_python(backend.files))
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="pipeline-lint-") as tmp:
        folder = Path(tmp)
        for path, text in sources.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        found = ruff(["check", "--output-format", "json", "--exit-zero", "-q"], folder)
    try:
        findings = json.loads(found.stdout or "[]")
    except json.JSONDecodeError:
        return [Diagnostic(file="backend", check="lint.ruff", message=f"ruff failed: {found.stderr[-300:]}")]
    diagnostics: list[Diagnostic] = []
    for item in findings:
        code = str(item.get("code") or "")
        # no code: a file ruff cannot parse; F: pyflakes, which the Python check already runs
        if not code or code.startswith("F"):
            continue
        path = Path(item["filename"]).resolve().relative_to(folder.resolve()).as_posix()
        row = int((item.get("location") or {}).get("row") or 0)
        lines = sources.get(path, "").splitlines()
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
