"""`python -m pipeline check` on folders, and the repairs DEBUG makes without a model."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pipeline import generate
from pipeline.agents.debug import review, rule_fixes
from pipeline.cli import main
from pipeline.validate import errors, validate
from tests.validate.faults import FAULTS, faulty


def check(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["check", *argv], stdout=out), out.getvalue()


def test_check_a_generated_project_then_a_broken_copy(tmp_path: Path) -> None:
    project = tmp_path / "todo"
    generate("build a todo app", out=project)
    assert (project / "openapi.json").is_file()
    code, out = check(str(project), "--json")
    assert code == 0
    assert json.loads(out.splitlines()[-1]) == {**json.loads(out.splitlines()[-1]), "errors": 0}
    api = project / "frontend" / "src" / "api.js"
    api.write_text(api.read_text().replace("request('DELETE'", "request('POST'"))
    code, out = check(str(project), "--json")
    assert code == 1
    found = [json.loads(line) for line in out.splitlines()[:-1]]
    assert [(d["check"], d["file"]) for d in found] == [("contract.unknown-call", "frontend/src/api.js")]
    assert "the contract has" in found[0]["message"]


def test_check_refuses_what_is_not_a_project(tmp_path: Path) -> None:
    assert check(str(tmp_path / "nope"))[0] == 2
    (tmp_path / "empty").mkdir()
    assert check(str(tmp_path / "empty"))[0] == 2


def test_rule_fixes_restore_imports_and_requirements_without_a_model() -> None:
    for kind in ("missing import", "missing requirement"):
        fault = next(f for f in FAULTS if f.kind == kind)
        project = faulty("library", fault)
        before = errors(validate(project.design, project.backend, project.frontend))
        assert before
        fixes = rule_fixes(project.backend, before)
        assert fixes
        verdict = review(
            project.design, project.backend, project.frontend, previous=None, round_=0, max_rounds=2
        )
        assert verdict.fixed == fixes
        assert errors(verdict.diagnostics) == [] and verdict.targets == []


def test_static_checks_are_safe_from_many_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.validate.faults import APPS, clean

    projects = [clean(app) for app in APPS] * 4

    def one(project):  # type: ignore[no-untyped-def]
        return errors(validate(project.design, project.backend, project.frontend))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, projects))
    assert results == [[]] * len(projects)
