"""App kinds beyond CRUD: a request for a game gets the game, with its rules on the server, its
own tests and its view; a browser plays it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import generate
from pipeline.sandbox import SandboxLimits, run_sandboxed
from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.templates.operations import with_operations, without_operations
from pipeline.templates.render import render_backend
from pipeline.validate.npm import shared_node_modules
from tests.app_suite import APP_PYTEST_ENV
from tests.templates.browser import browser_context
from tests.templates.test_generated_apps import _free_port, _wait_for

GAME_REQUESTS = [
    "make a tic tac toe game",
    "build me a noughts and crosses game",
    "an X and O game to play against the computer",
]


@pytest.mark.parametrize("request_text", GAME_REQUESTS)
def test_a_game_request_gets_the_game(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "tic_tac_toe"
    design = build_design(plan)
    scaffold = {op.operation_id for op in design.custom_operations if op.scaffold}
    assert scaffold == {"new_tic_tac_toe_game", "play_tic_tac_toe_move", "tic_tac_toe_leaderboard"}
    assert {"/api/tic-tac-toe/games", "/api/tic-tac-toe/moves", "/api/tic-tac-toe/leaderboard"} <= set(
        design.contract["paths"]
    )
    routes = render_backend(plan, design).files["backend/app/routes/operations.py"]
    assert (
        "pipeline: stub" not in routes
        and "tic_tac_toe.move(db=db, game_id=body.game_id, cell=body.cell)" in routes
    )


def test_the_kinds_operations_survive_a_fall_back_and_a_models_design() -> None:
    plan = extract_spec("make a tic tac toe game")
    design = build_design(plan)
    assert {op.operation_id for op in without_operations(design).custom_operations} == {
        op.operation_id for op in design.custom_operations
    }
    replaced = with_operations(design, [])
    assert len(replaced.custom_operations) == 3 and "/api/tic-tac-toe/moves" in replaced.contract["paths"]


def test_the_games_own_suite_passes_in_the_sandbox(tmp_path: Path) -> None:
    project = tmp_path / "game"
    summary = generate("make a tic tac toe game", out=project)
    assert summary.status == "succeeded" and not [d for d in summary.diagnostics if d.severity == "error"]
    assert suite_passes(project) > 0
    assert "test_tic_tac_toe.py" in " ".join(p.name for p in (project / "backend" / "tests").iterdir())


def suite_passes(project: Path, *tests: str) -> int:
    """Runs the project's backend tests in the sandbox; asserts they pass and says how many ran."""
    outcome = run_sandboxed(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=project / "backend", limits=SandboxLimits(timeout_s=300), env=APP_PYTEST_ENV,
    )  # fmt: skip
    assert outcome.returncode == 0, outcome.stdout[-2000:]
    return outcome.stdout.split("[")[0].count(".")


@contextlib.contextmanager
def served(tmp_path: Path, request_text: str, ready: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """The app generated for ``request_text``, built (the templates' packages from the shared
    cache) and served with its API on one port (``env``: its settings); yields its address once
    ``ready`` answers."""
    project = tmp_path / "app"
    generate(request_text, out=project)
    frontend = project / "frontend"
    (frontend / "node_modules").symlink_to(shared_node_modules(), target_is_directory=True)
    build = subprocess.run(["npm", "run", "build"], cwd=frontend, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=project / "backend",
        env={"PATH": os.environ["PATH"], "DATABASE_PATH": str(tmp_path / "app.db"),
             "FRONTEND_DIST": str(frontend / "dist"), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + ready)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def app_page(
    tmp_path: Path, request_text: str, ready: str, env: dict[str, str] | None = None, **page_options: Any
) -> Iterator[tuple[Any, str]]:
    """A browser page on the app generated for ``request_text`` (see ``served``), and its address:
    a fresh context of the module's shared browser (``tests/templates/browser.py``)."""
    with served(tmp_path, request_text, ready, env) as base, browser_context(**page_options) as context:
        page = context.new_page()
        page.goto(base + "/")
        yield page, base


@pytest.mark.slow
def test_a_browser_plays_the_game(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with (
        served(tmp_path, "make a tic tac toe game", "/api/tic-tac-toe/leaderboard") as base,
        browser_context() as context,
    ):
        page = context.new_page()
        page.goto(base + "/")
        expect(page.get_by_role("heading", name="Tic-tac-toe")).to_be_visible()
        page.get_by_label("Your name").fill("Ada")
        page.get_by_role("button", name="New game").click()
        status = page.get_by_test_id("game-status")
        expect(status).to_have_text("Your move (you are X).")
        page.get_by_role("button", name="Cell 1", exact=True).click()
        # the server played its answer: the centre
        expect(page.get_by_role("button", name="Cell 5, O")).to_be_visible()
        expect(page.get_by_role("button", name="Cell 1, X")).to_be_disabled()
        page.get_by_role("button", name="Cell 2", exact=True).click()
        page.get_by_role("button", name="Cell 4", exact=True).click()
        expect(status).to_have_text("The computer won.")
        expect(page.get_by_role("row", name="Ada 1 0 0 1")).to_be_visible()
        page.screenshot(path=str(tmp_path / "game.png"))


@pytest.mark.parametrize(
    "request_text",
    [
        "a unit converter",
        "convert between miles and km",
        "build a tool to convert temperatures from celsius to fahrenheit",
    ],
)
def test_a_converter_request_gets_the_converter(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "unit_converter" and plan.app_name == "Unit Converter"
    design = build_design(plan)
    assert {op.operation_id for op in design.custom_operations if op.scaffold} == {
        "convert_units",
        "list_units",
    }


def test_the_converters_arithmetic_is_tested_on_the_server(tmp_path: Path) -> None:
    project = tmp_path / "units"
    generate("a unit converter", out=project)
    assert (
        suite_passes(project, "tests/test_units.py") >= 11
    )  # each conversion case, the round trips, the API


@pytest.mark.slow
def test_a_browser_converts(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with served(tmp_path, "a unit converter", "/api/units") as base, browser_context() as context:
        page = context.new_page()
        page.goto(base + "/")
        form = page.get_by_role("form", name="Converter")
        form.get_by_label("Value").fill("100")
        form.get_by_label("From").select_option("c")
        form.get_by_label("To").select_option("f")
        form.get_by_role("button", name="Convert").click()
        expect(page.get_by_test_id("result")).to_have_text("100 c = 212 f")


@pytest.mark.parametrize(
    "request_text",
    ["a dice roller", "build me an app to roll dice for my D&D games", "a d20 roller for tabletop games"],
)
def test_a_dice_request_gets_dice_rolled_on_the_server(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "dice"
    design = build_design(plan)
    assert {op.operation_id for op in design.custom_operations if op.scaffold} == {
        "roll_dice",
        "dice_history",
        "dice_stats",
    }


def test_the_dice_suite_passes_in_the_sandbox(tmp_path: Path) -> None:
    project = tmp_path / "dice"
    generate("a dice roller", out=project)
    assert suite_passes(project, "tests/test_dice.py") == 4


@pytest.mark.slow
def test_a_browser_rolls_dice(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with served(tmp_path, "a dice roller", "/api/dice/stats") as base, browser_context() as context:
        page = context.new_page()
        page.goto(base + "/")
        form = page.get_by_role("form", name="Roll")
        form.get_by_label("Player").fill("Ada")
        form.get_by_label("Dice").fill("3")
        form.get_by_label("Sides").select_option("6")
        form.get_by_role("button", name="Roll").click()
        roll = page.get_by_test_id("roll")
        expect(roll.locator(".die")).to_have_count(3)
        faces = [int(f) for f in roll.locator(".die").all_inner_texts()]
        assert all(1 <= f <= 6 for f in faces)
        expect(roll.locator("strong")).to_have_text(str(sum(faces)))
        expect(page.get_by_role("row", name=f"Ada 1 {sum(faces)}")).to_be_visible()


def sign_up(page: object, email: str) -> None:
    """Creates an account on a generated app's sign-in screen (apps with accounts)."""
    page.get_by_role("button", name="I need an account").click()  # type: ignore[attr-defined]
    form = page.get_by_role("form", name="Create an account")  # type: ignore[attr-defined]
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill("correct horse battery")
    form.get_by_role("button", name="Create account").click()
