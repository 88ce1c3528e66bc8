"""ruff runs once per tree: a file tidied before is not tidied again, a tree checked before is
not checked again, and the tree is laid out as the owner's ``backend/`` (its ruff.toml at the
top), so findings name the project's own paths."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from pipeline._memo import BoundedMemo
from pipeline.artifacts import FileSet
from pipeline.templates import extract_spec, render_backend, tidy
from pipeline.templates.contract import build_design
from pipeline.templates.tidy import tidy_python
from pipeline.validate import lint
from pipeline.validate.lint import check_lint


@pytest.fixture
def ruff_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    runs: list[str] = []
    real = subprocess.run
    # nothing remembered from other tests: each counts from an empty memory
    monkeypatch.setattr(tidy, "_tidied", BoundedMemo(tidy.REMEMBERED))
    monkeypatch.setattr(lint, "_checked", BoundedMemo(lint.REMEMBERED))

    def counting(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        if str(cmd[0]).endswith("ruff"):
            runs.append(cmd[1])
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    yield runs


def test_a_rendered_backend_is_tidied_once_and_checked_once(ruff_runs: list[str]) -> None:
    spec = extract_spec("a dice roller that keeps a history of rolls")
    backend = render_backend(spec, build_design(spec))  # rendering tidies it: check --fix, format
    assert ruff_runs == ["check", "format"]
    assert tidy_python(backend.files) == backend.files and ruff_runs == ["check", "format"]  # known
    assert check_lint(backend) == [] and ruff_runs == ["check", "format", "check"]  # the check alone
    assert check_lint(backend) == [] and len(ruff_runs) == 3  # checked before


def test_a_new_file_tidies_its_tree_and_findings_name_the_project_paths(ruff_runs: list[str]) -> None:
    unused = "def handler(event, context):\n    return  1\n"
    backend = FileSet(files={"backend/app/hooks.py": unused, "backend/README.md": "not Python"})
    found = check_lint(backend)
    assert ruff_runs == ["check", "format", "check"]  # one tree laid out: tidied, then checked
    assert {(d.file, d.check, d.line) for d in found} == {("backend/app/hooks.py", "lint.ARG001", 1)}, found
    assert "in `def handler(event, context):`" in found[0].message
    tidied = tidy_python(backend.files)
    assert tidied["backend/app/hooks.py"] == "def handler(event, context):\n    return 1\n"
    assert tidied["backend/README.md"] == "not Python" and len(ruff_runs) == 3
