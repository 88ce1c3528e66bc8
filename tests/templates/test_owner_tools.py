"""Every kind's project passes its owner's tools as shipped: ``ruff check`` and ``ruff format
--check`` under the ``ruff.toml`` it carries, ESLint under its ``eslint.config.js``; and it
carries what it ships with (Dockerfile, compose file, settings, CI). DEBUG's checks hold a
model's code to the same rules."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from pipeline import Settings, agenerate, generate
from pipeline.agents.debug import rule_fixes
from pipeline.artifacts import Diagnostic, FileSet
from pipeline.templates import extract_spec, naming
from pipeline.templates.contract import build_design
from pipeline.templates.escaping import js
from pipeline.validate import check_static
from pipeline.validate.eslint import npm_lint
from pipeline.validate.lint import check_lint
from pipeline.validate.npm import shared_node_modules
from tests.agents.custom_apps import APPS
from tests.scripted import ScriptedChat, ScriptedModels

REQUESTS = {
    "crud": "build a todo app",
    "relations": "a library system to track books, members and loans",
    "totals": "expense tracker with categories and monthly totals",
    "accounts": "a notes app where users can sign up and log in",
    "uploads": "a recipe app with photo uploads",
    "tic_tac_toe": "a tic tac toe game",
    "connect_four": "make a connect four game",
    "memory": "a memory matching game",
    "sliding": "a sliding tile puzzle",
    "word_game": "a wordle clone",
    "snake": "a snake game",
    "quiz": "a trivia quiz app",
    "dice": "a dice roller",
    "calculator": "a calculator",
    "unit_converter": "a unit converter",
    "timer": "a pomodoro timer",
    "generator": "a password generator",
    "shop": "an online store with a shopping cart",
    "booking": "a booking system for meeting rooms",
    "site": "a portfolio website with about, projects and contact sections",
    "dashboard": "a sales dashboard with charts",
    "blog": "a blog with posts and comments",
    "poll": "a poll app where people vote on options and see the results",
    "chess": "a chess game against the computer",
    "game_2048": "a 2048 game",
    "blackjack": "a blackjack card game",
    "board": "a job board where companies post openings and candidates apply",
    "messages": "a messaging app where members send direct messages to each other",
}
SHIPPED = ("Dockerfile", "compose.yaml", ".env.example", ".dockerignore", ".github/workflows/ci.yml")


def project_files(root: Path, side: str) -> FileSet:
    files = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in (root / side).rglob("*")
        if p.is_file() and "node_modules" not in p.parts and p.suffix in (".py", ".js", ".jsx", ".json")
    }
    return FileSet(files=files, agent="backend" if side == "backend" else "uix", provider="template")


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("owners")
    made = {}
    for name, request_text in REQUESTS.items():
        generate(request_text, out=root / name)
        made[name] = root / name
    return made


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_backend_passes_ruff_as_its_owner_runs_it(projects: dict[str, Path], name: str) -> None:
    backend = projects[name] / "backend"
    assert (backend / "ruff.toml").is_file()
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        ran = subprocess.run(
            [find_ruff_bin(), *args], cwd=backend, capture_output=True, text=True, timeout=60
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_frontend_passes_its_lint(projects: dict[str, Path], name: str) -> None:
    frontend = projects[name] / "frontend"
    assert (frontend / "eslint.config.js").is_file() and '"lint": "eslint ."' in (
        frontend / "package.json"
    ).read_text()
    findings = npm_lint(project_files(projects[name], "frontend"))
    assert [d for d in findings if d.severity == "error"] == []
    # and as its owner runs it: `npm run lint` under the project's own config, with the templates'
    # packages in node_modules (the shared cache, as `npm ci` would install them)
    (frontend / "node_modules").symlink_to(shared_node_modules(), target_is_directory=True)
    try:
        ran = subprocess.run(
            ["npm", "run", "lint"], cwd=frontend, capture_output=True, text=True, timeout=120
        )
    finally:
        (frontend / "node_modules").unlink()  # the other tests read the project's own files
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_project_carries_what_ships_it(projects: dict[str, Path], name: str) -> None:
    for shipped in SHIPPED:
        assert (projects[name] / shipped).is_file(), shipped
    readme = (projects[name] / "README.md").read_text()
    assert readme.index("docker compose up --build") < readme.index("python -m pipeline run")
    env_example = (projects[name] / ".env.example").read_text()
    assert ("UPLOAD_DIR=" in env_example) == (name == "uploads")


def test_a_models_backend_that_breaks_the_linter_gets_findings() -> None:
    code = "import os\n\n\ndef add(item, seen=[]):\n    seen.append(item)\n    return seen\n"
    backend = FileSet(files={"backend/app/helpers.py": code}, agent="backend", provider="model")
    findings = check_lint(backend)
    assert [(d.check, d.owner) for d in findings] == [("lint.B006", "backend")]  # os: removed on write
    assert any(d.check == "lint.B006" for d in check_static_of(backend))


def check_static_of(backend: FileSet) -> list[Diagnostic]:
    return check_static(build_design(extract_spec("build a todo app")), backend, FileSet())


def test_a_models_frontend_that_breaks_the_hooks_rules_gets_findings(projects: dict[str, Path]) -> None:
    files = project_files(projects["crud"], "frontend")
    broken = "import { useState } from 'react';\nexport function Row({ open }) {\n  if (open) useState(0);\n  return null;\n}\n"
    findings = npm_lint(
        FileSet(files={**files.files, "frontend/src/Row.jsx": broken}, agent="uix", provider="m")
    )
    assert [(d.file, d.line, d.check) for d in findings if d.severity == "error"] == [
        ("frontend/src/Row.jsx", 3, "js.lint.react-hooks/rules-of-hooks")
    ]


SIGN_IN_CODE = ("for_user", "_mine(", "owner_id", "getToken", "Authorization", "session-token")


@pytest.mark.parametrize(
    "name", ["crud", "relations", "totals", "uploads", "tic_tac_toe", "calculator", "site"]
)
def test_a_single_user_app_carries_no_sign_in_code(projects: dict[str, Path], name: str) -> None:
    for folder in ("backend/app", "frontend/src"):
        for path in (projects[name] / folder).rglob("*"):
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                assert not [word for word in SIGN_IN_CODE if word in text], path


def test_an_app_with_accounts_keeps_its_sign_in_code(projects: dict[str, Path]) -> None:
    db = (projects["accounts"] / "backend" / "app" / "db.py").read_text()
    api = (projects["accounts"] / "frontend" / "src" / "api.js").read_text()
    assert "def for_user" in db and "Authorization" in api


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_each_entity_has_its_own_readable_views_and_no_interpreter(
    projects: dict[str, Path], name: str
) -> None:
    src = projects[name] / "frontend" / "src"
    assert not (src / "schema.js").exists() and not (src / "components" / "EntityView.jsx").exists()
    assert not [p for p in src.rglob("*.js*") if "schema.js" in p.read_text(encoding="utf-8")]
    for entity in extract_spec(REQUESTS[name]).entities:
        model = naming.pascal(entity.name)
        form = (src / "views" / f"{model}Form.jsx").read_text(encoding="utf-8")
        listing = (src / "views" / f"{model}List.jsx").read_text(encoding="utf-8")
        assert (
            f"import {model}Form from './{model}Form.jsx';"
            in (src / "views" / f"{model}View.jsx").read_text()
        )
        for field in entity.fields:
            label = js(field.label or naming.label(field.name))
            # the form writes each field's control out, and the list shows each field: a column,
            # the completion toggle, or a line under "More"
            assert f"values.{field.name}" in form and label in form, (field.name, form)
            assert f".{field.name}" in listing and label in listing, (field.name, listing)


GAMES = (
    "connect_four",
    "tic_tac_toe",
    "memory",
    "sliding",
    "word_game",
    "snake",
    "quiz",
    "dice",
    "blackjack",
)


@pytest.mark.parametrize("name", GAMES)
def test_in_a_game_player_means_the_name_a_game_stores_only(name: str) -> None:
    plan = extract_spec(REQUESTS[name])
    design = build_design(plan)
    said = json.dumps([op.model_dump(mode="json") for op in design.custom_operations])
    assert '"player"' in said  # the games' own word for whoever plays a game
    assert [e.name for e in plan.entities if e.name in ("player", "players")] == []


BROKEN_ROW = """<file path="frontend/src/components/Streak.jsx">
import { useState } from 'react';

export default function Streak({ show }) {
  if (!show) return null;
  const [count, setCount] = useState(0);
  return <button type="button" onClick={() => setCount(count + 1)}>{count}</button>;
}
</file>
"""
FIXED_ROW = """The hook must run on every render, before the early return.
<file path="frontend/src/components/Streak.jsx">
import { useState } from 'react';

export default function Streak({ show }) {
  const [count, setCount] = useState(0);
  if (!show) return null;
  return <button type="button" onClick={() => setCount(count + 1)}>{count}</button>;
}
</file>
"""


async def test_a_model_edit_that_breaks_lint_gets_a_fix_round_at_the_static_level(tmp_path: Path) -> None:
    script = APPS["dice"]
    uix = ScriptedChat().enqueue(script["uix"] + BROKEN_ROW, FIXED_ROW)
    chats = {
        "core": ScriptedChat().enqueue(script["core"]),
        "arch": ScriptedChat().enqueue(script["arch"]),
        "backend": ScriptedChat().enqueue(script["backend"]),
        "uix": uix,
    }
    settings = Settings(
        **{f"agent_{a}": f"local:{a}" for a in ("core", "arch", "backend", "uix", "debug")},
        validate_level="static",
    )
    out = tmp_path / "dice"
    summary = await agenerate(script["request"], out=out, settings=settings, models=ScriptedModels(**chats))
    assert summary.fix_rounds == 1 and len(uix.seen) == 2
    fix = str(uix.seen[1][-1].content)
    assert "react-hooks/rules-of-hooks" in fix and "frontend/src/components/Streak.jsx" in fix
    assert [d for d in summary.diagnostics if d.severity == "error"] == []
    written = (out / "frontend" / "src" / "components" / "Streak.jsx").read_text()
    assert written.index("useState(0)") < written.index("if (!show)")  # the fixed version is the one kept


ROUTE = """from fastapi import APIRouter, Depends, Request

from app.db import Database

router = APIRouter()


def get_db(request: Request) -> Database:
    return request.app.state.db


@router.get("/api/double")
def double(
    value: float,
    db: Database = Depends(get_db),
) -> float:
    return value * 2
"""


def test_a_route_that_needs_no_database_loses_the_stubs_db_dependency_without_a_model() -> None:
    backend = FileSet(files={"backend/app/routes/operations.py": ROUTE}, agent="backend", provider="m")
    findings = check_lint(backend)
    assert [(d.check, "`db`" in d.message) for d in findings] == [("lint.ARG001", True)]
    fixed = rule_fixes(backend, findings)["backend/app/routes/operations.py"]
    assert "db: Database = Depends(get_db)," not in fixed and "value: float," in fixed
    assert check_lint(FileSet(files={"backend/app/routes/operations.py": fixed})) == []
