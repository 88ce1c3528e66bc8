"""Every list view: sorting by a column, CSV export (safe against formula injection) and reminders
of what is due soon; the pure helpers run in Node, and a browser uses all three."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from tests.templates.test_kinds import app_page

LISTING = resources.files("pipeline.templates") / "files" / "frontend" / "src" / "components" / "listing.js"


def _node(script: str) -> object:
    code = f"import * as L from {json.dumps(LISTING.as_uri())};\nconsole.log(JSON.stringify(await (async () => {{ {script} }})()));"
    done = subprocess.run(
        ["node", "--input-type=module", "-e", code], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_rows_sort_by_a_field_with_empty_values_last() -> None:
    got = _node("""
      const rows = [{id: 1, n: 10, t: 'b'}, {id: 2, n: null, t: 'a10'}, {id: 3, n: 2, t: 'a9'}];
      return [L.sortRows(rows, 'n', 'asc').map(r => r.id), L.sortRows(rows, 'n', 'desc').map(r => r.id),
              L.sortRows(rows, 't', 'asc').map(r => r.id)];
    """)
    assert got == [[3, 1, 2], [1, 3, 2], [3, 2, 1]]  # numbers by value, text naturally (a9 < a10)


def test_csv_cells_are_quoted_and_never_formulas() -> None:
    got = _node("""
      const columns = {title: (row) => row.title, tags: (row) => row.tags};
      return L.toCsv([{id: 1, title: '=HYPERLINK("http://x")', tags: ['a', 'b']}, {id: 2, title: 'say "hi", twice', tags: []}], columns);
    """)
    rows = list(csv.reader(io.StringIO(str(got))))
    assert rows == [
        ["id", "title", "tags"],
        ["1", '\'=HYPERLINK("http://x")', "a, b"],
        ["2", 'say "hi", twice', ""],
    ]


def test_reminders_list_what_is_due_soon_overdue_first_and_skip_what_is_done() -> None:
    got = _node("""
      const rows = [{id: 1, due_date: '2026-03-12'}, {id: 2, due_date: '2026-03-09'}, {id: 3, due_date: '2026-03-20'},
                    {id: 4, due_date: '2026-03-10', done: true}, {id: 5, due_date: null}, {id: 6, due_date: '2026-03-10'}];
      return L.dueSoon(rows, 'due_date', new Date(2026, 2, 10), 3, 'done').map(r => [r.row.id, r.daysLeft, r.overdue]);
    """)
    assert got == [[2, -1, True], [6, 0, False], [1, 2, False]]


@pytest.mark.slow
def test_a_browser_sorts_exports_and_sees_reminders(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    today = date.today()
    with app_page(tmp_path, "build a todo app", "/api/todos", accept_downloads=True) as (page, base):
        import httpx

        for title, due in (
            ("Pay rent", today - timedelta(days=1)),
            ("Buy milk", today),
            ("Plan trip", today + timedelta(days=30)),
        ):
            httpx.post(
                f"{base}/api/todos", json={"title": title, "due_date": due.isoformat()}
            ).raise_for_status()
        page.reload()  # with the records made above
        reminders = page.get_by_role("status", name="Reminders")
        expect(reminders.locator("li")).to_have_count(2)
        expect(reminders.locator("li").first).to_have_text("Pay rent: overdue by 1 day(s)")
        expect(reminders.locator("li").nth(1)).to_have_text("Buy milk: due today")
        rows = page.get_by_test_id("row")
        page.get_by_role("button", name="Title").click()
        expect(rows.first).to_contain_text("Buy milk")
        page.get_by_role("button", name="Title ▲").click()
        expect(rows.first).to_contain_text("Plan trip")
        with page.expect_download() as download:
            page.get_by_role("button", name="Export CSV").click()
        text = Path(download.value.path()).read_text()
        table = list(csv.DictReader(io.StringIO(text)))
        assert [r["title"] for r in table] == [
            "Plan trip",
            "Pay rent",
            "Buy milk",
        ] and download.value.suggested_filename == "todos.csv"


@pytest.mark.parametrize(
    "request_text",
    ["a recipe book where I can upload photos of each dish", "a pet care app with photo uploads"],
)
def test_an_upload_request_gets_the_upload_operation_and_an_image_field(request_text: str) -> None:
    from pipeline.templates import extract_spec
    from pipeline.templates.contract import build_design

    plan = extract_spec(request_text)
    assert "image_upload" in plan.features and plan.entities[0].field("image_url") is not None
    design = build_design(plan)
    assert "/api/uploads" in design.contract["paths"]
    assert [f.name for f in plan.entities[0].fields].count("photo_uploads") == 0


@pytest.mark.slow
def test_a_browser_uploads_an_image_and_sees_it(tmp_path: Path) -> None:
    import base64

    from playwright.sync_api import expect

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    with app_page(tmp_path, "a recipe book where I can upload photos of each dish", "/api/recipes") as (
        page,
        _,
    ):
        form = page.get_by_role("form", name="Recipe form")
        form.get_by_label("Title *").fill("Dal")
        form.get_by_label("Ingredients *").fill("lentils")
        form.get_by_label("Upload image url").set_input_files(
            files=[{"name": "dal.png", "mimeType": "image/png", "buffer": png}]
        )
        expect(form.get_by_role("textbox", name="Image url")).to_have_value(
            __import__("re").compile(r"^http://127\.0\.0\.1:\d+/uploads/[0-9a-f]{24}\.png$")
        )
        assert form.locator("img.thumb").evaluate("img => img.complete && img.naturalWidth") == 1
        form.get_by_role("button", name="Add Recipe").click()
        expect(page.get_by_test_id("row")).to_have_count(1)
        page.on("dialog", lambda d: d.dismiss())
        # the refusal is the server's answer to the upload: waited for, not a fixed second
        with page.expect_event("dialog", timeout=30_000) as refused:
            form.get_by_label("Upload image url").set_input_files(
                files=[{"name": "evil.png", "mimeType": "image/png", "buffer": b"<svg onload=alert(1)>"}]
            )
        assert "only PNG, JPEG, GIF and WebP" in refused.value.message


ACCOUNTS_REQUEST = "a notes app where users can sign up and log in and each user sees only their own notes"


def test_an_accounts_request_gets_accounts_and_no_single_user() -> None:
    from pipeline.templates import extract_spec
    from pipeline.templates.contract import build_design

    plan = extract_spec(ACCOUNTS_REQUEST)
    assert "accounts" in plan.features and "single_user" not in plan.features
    paths = build_design(plan).contract["paths"]
    assert {"/api/auth/register", "/api/auth/login", "/api/auth/me", "/api/auth/logout"} <= set(paths)
    assert "accounts" not in extract_spec("build a todo app").features


def test_the_accounts_suite_passes_in_the_sandbox(tmp_path: Path) -> None:
    from pipeline import generate
    from tests.templates.test_kinds import suite_passes

    project = tmp_path / "notes"
    summary = generate(ACCOUNTS_REQUEST, out=project)
    assert summary.status == "succeeded" and not [d for d in summary.diagnostics if d.severity == "error"]
    assert suite_passes(project, "tests/test_accounts.py", "tests/test_signin.py") == 10
    assert suite_passes(project) > 10  # the CRUD suite too, signed in


def test_sign_in_in_the_sandbox_holds_a_crowd_and_tells_nothing(tmp_path: Path) -> None:
    """As the preview runs it (768 MiB for the sandbox): 16 logins at once all answer, an unknown email takes as
    long as a known one, and the sixth wrong password for one account is 429 with Retry-After."""
    import statistics
    import time
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from pipeline import generate
    from pipeline.preview import start_app
    from pipeline.preview.app import APP_LIMITS

    project = tmp_path / "notes"
    generate(ACCOUNTS_REQUEST, out=project)
    app = start_app(project)
    try:
        assert APP_LIMITS.memory_mb <= 768  # no more than a preview's whole sandbox holds
        transport = httpx.HTTPTransport(uds=str(app.socket))
        with httpx.Client(transport=transport, base_url="http://app", timeout=120) as client:
            ada = {"email": "ada@example.com", "password": "correct horse"}
            assert client.post("/api/auth/register", json=ada).status_code == 202

            def login(n: int) -> int:
                body = ada if n % 2 else {"email": f"nobody{n}@example.com", "password": "a wrong guess"}
                return client.post("/api/auth/login", json=body).status_code

            with ThreadPoolExecutor(16) as pool:
                codes = list(pool.map(login, range(16)))
            assert sorted(codes) == [200] * 8 + [401] * 8 and app.process.running()
            assert app.process.memory_bytes() < 256 * 2**20

            def took(email: str) -> float:
                start = time.perf_counter()
                assert (
                    client.post(
                        "/api/auth/login", json={"email": email, "password": "a wrong guess"}
                    ).status_code
                    == 401
                )
                return time.perf_counter() - start

            known = statistics.median(took("ada@example.com") for _ in range(4))
            unknown = statistics.median(took(f"x{n}@example.com") for n in range(4))
            assert unknown > known / 2, (known, unknown)  # before: 84 ms against 2.3 ms
            assert took("ada@example.com") > 0  # the fifth failure for this account
            throttled = client.post("/api/auth/login", json=ada)
            assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    finally:
        app.stop()


def test_the_uploads_suite_passes_in_the_sandbox(tmp_path: Path) -> None:
    from pipeline import generate
    from tests.templates.test_kinds import suite_passes

    project = tmp_path / "recipes"
    generate("a recipe book where I can upload photos of each dish", out=project)
    assert suite_passes(project, "tests/test_uploads.py") == 5  # count and space per client among them


@pytest.mark.slow
def test_a_browser_signs_up_and_sees_only_its_own_notes(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, ACCOUNTS_REQUEST, "/openapi.json") as (page, _base):
        page.get_by_role("button", name="I need an account").click()
        form = page.get_by_role("form", name="Create an account")
        form.get_by_label("Email").fill("ada@example.com")
        form.get_by_label("Password").fill("correct horse")
        form.get_by_role("button", name="Create account").click()
        notes = page.get_by_role("form", name="Note form")
        notes.get_by_label("Title *").fill("Ada's secret plan")
        notes.get_by_role("button", name="Add Note").click()
        expect(page.get_by_test_id("row")).to_have_count(1)
        page.get_by_role("button", name="Log out").click()
        page.get_by_role("button", name="I need an account").click()
        form = page.get_by_role("form", name="Create an account")
        form.get_by_label("Email").fill("bo@example.com")
        form.get_by_label("Password").fill("battery staple")
        form.get_by_role("button", name="Create account").click()
        expect(page.get_by_text("No notes yet.")).to_be_visible()
        page.get_by_role("button", name="Log out").click()
        page.get_by_role("button", name="I need an account").click()  # a taken email: told nothing new
        form = page.get_by_role("form", name="Create an account")
        form.get_by_label("Email").fill("ada@example.com")
        form.get_by_label("Password").fill("my own guess")
        form.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("alert")).to_contain_text("sign in with that one")
        page.get_by_role("button", name="I have an account").click()
        signin = page.get_by_role("form", name="Sign in")
        signin.get_by_label("Email").fill("ada@example.com")
        signin.get_by_label("Password").fill("wrong password")
        signin.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("wrong email or password")
        signin.get_by_label("Password").fill("correct horse")
        signin.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("row")).to_contain_text(["Ada's secret plan"])
