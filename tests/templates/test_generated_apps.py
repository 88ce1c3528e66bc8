"""Generated projects are checked by running them: their own pytest suites, a fresh venv,
``npm run build``, and a browser that uses the app."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from pipeline import generate
from pipeline.sandbox import SandboxLimits, run_sandboxed
from pipeline.templates.render import BACKEND_PINS
from tests.app_suite import APP_PYTEST_ENV
from tests.templates.browser import browser_context

KINDS = {
    "todo": "build a todo app",
    "recipes": "make a recipe book where recipes have ingredients and cooking time",
    "expenses": "expense tracker with categories and monthly totals",
    "library": "a library system to track books, members and loans",
    "school": "a school app to manage students, courses and grades",
    "invoices": "invoice manager for freelancers",
    "events": "an events calendar",
    "generic": "please build a simple beekeeping log with hives and inspections",
}


def pins_match_this_environment() -> bool:
    try:
        return all(importlib.metadata.version(name) == version for name, version in BACKEND_PINS.items())
    except importlib.metadata.PackageNotFoundError:
        return False


def backend_python(tmp_path: Path, backend: Path) -> str:
    """This interpreter when it has exactly the pinned packages; else a fresh venv with them."""
    if pins_match_this_environment():
        return sys.executable
    return make_venv(tmp_path / "venv", backend / "requirements.txt")


def make_venv(venv: Path, requirements: Path) -> str:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", "-r", str(requirements)], check=True, timeout=600)
    return python


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_generated_backend_suite_passes(kind: str, tmp_path: Path) -> None:
    project = tmp_path / kind
    generate(KINDS[kind], out=project)
    backend = project / "backend"
    routes = {p.name for p in (backend / "app" / "routes").glob("*.py")} - {"__init__.py"}
    suites = {p.name.removeprefix("test_") for p in (backend / "tests").glob("test_*.py")}
    assert routes and routes == suites  # one router and one test module per entity
    python = backend_python(tmp_path, backend)
    outcome = run_sandboxed(
        [python, "-m", "pytest", "-p", "no:cacheprovider"],
        cwd=backend,
        limits=SandboxLimits(timeout_s=300),
        env=APP_PYTEST_ENV,
    )
    assert outcome.returncode == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    last = outcome.stdout.strip().splitlines()[-1]
    passed = int(last.split(" passed")[0].split()[-1])
    assert passed >= 10 * len(routes), last
    assert "failed" not in last and "error" not in last


@pytest.mark.slow
def test_generated_backend_installs_and_passes_in_a_fresh_venv(tmp_path: Path) -> None:
    project = tmp_path / "app"
    generate("a library system to track books, members and loans", out=project)
    python = make_venv(tmp_path / "venv", project / "backend" / "requirements.txt")
    outcome = run_sandboxed(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project / "backend",
        limits=SandboxLimits(timeout_s=300),
    )
    assert outcome.returncode == 0, outcome.stdout[-3000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout}s")


@pytest.mark.slow
def test_frontend_builds_and_the_app_works_in_a_browser(tmp_path: Path) -> None:
    if shutil.which("npm") is None or not Path("/usr/bin/chromium").exists():
        pytest.fail("npm and Debian's chromium are needed: run `bash scripts/test`, which installs them")
    from playwright.sync_api import expect

    project = tmp_path / "todo"
    generate("build a todo app", out=project)
    frontend = project / "frontend"
    npm_env = {**os.environ, "npm_config_audit": "false", "npm_config_fund": "false"}
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=frontend,
        check=True,
        timeout=600,
        env=npm_env,
    )
    build = subprocess.run(
        ["npm", "run", "build"], cwd=frontend, capture_output=True, text=True, timeout=300, env=npm_env
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert (frontend / "dist" / "index.html").is_file()

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=project / "backend",
        env={
            "PATH": os.environ["PATH"],
            "DATABASE_PATH": str(tmp_path / "e2e.db"),
            "FRONTEND_DIST": str(frontend / "dist"),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/api/todos")
        with browser_context() as context:
            page = context.new_page()
            page.goto(base + "/")
            expect(page.get_by_role("heading", name="Todo List")).to_be_visible()
            rows = page.get_by_test_id("row")
            form = page.get_by_role("form", name="Todo form")

            form.get_by_label("Title *").fill("Buy oat milk")
            form.get_by_label("Priority").select_option("high")
            form.get_by_label("Due date").fill("2026-12-24")
            form.get_by_role("button", name="Add Todo").click()
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("Buy oat milk")
            expect(rows.first).to_contain_text("high")
            expect(rows.first).to_contain_text("2026-12-24")

            rows.first.get_by_role("button", name="Edit").click()
            form.get_by_label("Title *").fill("Buy oat milk and bread")
            form.get_by_role("button", name="Save").click()
            expect(rows.first).to_contain_text("Buy oat milk and bread")

            page.reload()
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("Buy oat milk and bread")

            rows.first.get_by_role("checkbox").check()  # the completion toggle is saved too
            expect(rows.first).to_have_class("done")
            page.reload()
            expect(rows.first.get_by_role("checkbox")).to_be_checked()

            page.screenshot(path=str(tmp_path / "todo.png"))
            rows.first.get_by_role("button", name="Delete").click()
            expect(rows).to_have_count(0)
            page.reload()
            expect(page.get_by_text("No todos yet.")).to_be_visible()
            _a_slow_first_list_does_not_put_the_old_list_back(context, base)
        with urllib.request.urlopen(f"{base}/api/todos") as response:
            assert response.read() == b"[]"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _a_slow_first_list_does_not_put_the_old_list_back(context: Any, base: str) -> None:
    """The page's first list answers late, after a record was added and the list loaded again:
    the late (older, empty) answer must not replace the newer list."""
    from playwright.sync_api import expect

    held: list[tuple[Any, Any]] = []

    def hold_the_first_list(route: Any) -> None:
        if route.request.method != "GET" or held:
            route.continue_()
            return
        held.append((route, route.fetch()))  # the list as it is now (empty), answered later

    page = context.new_page()
    page.route("**/api/todos*", hold_the_first_list)
    page.goto(base + "/")
    form = page.get_by_role("form", name="Todo form")
    form.get_by_label("Title *").fill("Call the vet")
    form.get_by_role("button", name="Add Todo").click()
    rows = page.get_by_test_id("row")
    expect(rows).to_have_count(1)
    assert held, "the first list was not held"
    route, stale = held[0]
    with page.expect_request_finished(lambda r: r.url == route.request.url and r.method == "GET"):
        route.fulfill(response=stale)
    page.wait_for_timeout(300)  # the late answer's JSON is read and would be set by now
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Call the vet")
    rows.first.get_by_role("button", name="Delete").click()
    expect(rows).to_have_count(0)
    page.close()
