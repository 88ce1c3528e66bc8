"""Every kind beyond CRUD: the request picks it, its contract holds its operations, its own
suite passes in the sandbox and its frontend builds; a browser uses a game, a tool, a booking
conflict, a chart and a checkout."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from pipeline import generate
from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.templates.registry import BLUEPRINTS, SHARED
from tests.templates.test_kinds import app_page, suite_passes

REQUESTS: dict[str, list[str]] = {
    "connect_four": ["make a connect four game", "a four in a row game against the computer"],
    "memory": ["a memory matching game", "build a card matching pairs game for kids"],
    "sliding": ["a sliding tile puzzle", "build me a 15 puzzle game"],
    "word_game": ["a wordle clone", "a word guessing game with six tries"],
    "snake": ["a snake game", "I want a classic arcade game I can play with the arrow keys: snake"],
    "quiz": ["a trivia quiz app", "create a quiz game with a leaderboard"],
    "calculator": ["a calculator", "build a simple calculator web app"],
    "timer": ["a pomodoro timer", "a stopwatch app", "a countdown timer for my workouts"],
    "generator": ["a password generator", "an app to generate random numbers for a raffle"],
    "shop": ["an online store with a shopping cart", "an e-commerce site for my handmade candles"],
    # the first is generated, tested and built: a table's party size over its seats is refused
    "booking": ["table reservations for my restaurant", "a booking system for meeting rooms",
                "let people reserve tennis courts by the hour", "hotel room reservations"],
    "site": ["a portfolio website with about, projects and contact sections",
             "a landing page for my startup with pricing and testimonials"],
    "dashboard": ["a sales dashboard with charts", "an expense dashboard with charts by category"],
    "poll": ["a poll app where people vote on options and see the results", "an online ballot for our club"],
    "chess": ["a chess game against the computer", "let two friends play chess on one screen"],
    "game_2048": ["a 2048 game", "a sliding tiles game where equal numbers merge"],
    "blackjack": ["a blackjack game against the dealer", "a card game"],
    "board": ["a job board where companies post openings and candidates apply",
              "A freelance marketplace where clients post projects and freelancers bid on them."],
    "messages": ["a messaging app where members send direct messages to each other",
                 "a platform where neighbours can message each other"],
}  # fmt: skip


@pytest.mark.parametrize(("kind", "request_text"), [(k, r) for k, rs in REQUESTS.items() for r in rs])
def test_the_request_picks_the_kind_and_its_operations(kind: str, request_text: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == kind, plan.kind
    design = build_design(plan)
    scaffold = {op.operation_id for op in design.custom_operations if op.scaffold}
    shared = {op for name in BLUEPRINTS[kind].uses for op in SHARED[name].handlers}
    assert scaffold == set(BLUEPRINTS[kind].handlers) | shared


def test_a_shop_and_a_booking_app_have_an_owner_and_a_game_has_none() -> None:
    for request_text in ("an online store with a shopping cart", "a booking system for meeting rooms"):
        paths = build_design(extract_spec(request_text)).contract["paths"]
        assert {"/api/admin/login", "/api/admin/me", "/api/admin/logout"} <= set(paths)
    assert "/api/admin/login" not in build_design(extract_spec("a memory matching game")).contract["paths"]


def test_a_site_has_the_sections_it_asked_for() -> None:
    plan = extract_spec("a landing page for my startup with pricing and testimonials")
    assert plan.pages == ["pricing", "testimonials", "contact"] and [e.name for e in plan.entities] == [
        "message"
    ]


def test_a_dashboard_charts_the_things_it_keeps() -> None:
    plan = extract_spec("an expense dashboard with charts by category")
    assert plan.app_name == "Expense Dashboard" and [e.name for e in plan.entities] == ["expense", "category"]


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_the_kinds_own_suite_passes_in_the_sandbox(kind: str, tmp_path: Path) -> None:
    project = tmp_path / kind
    summary = generate(REQUESTS[kind][0], out=project)
    assert summary.status == "succeeded" and not [d for d in summary.diagnostics if d.severity == "error"]
    tests = sorted(p.name for p in (project / "backend" / "tests").glob("test_*.py"))
    own = [t for t in tests if not t.startswith(("test_operations",))]
    if "owner" in BLUEPRINTS[kind].uses:  # the owner alone changes the records, sign-in throttled
        assert {"test_owner.py", "test_signin.py"} <= set(tests)
    assert suite_passes(project) >= 10 and own


OWNER_ENV = {"ADMIN_EMAIL": "owner@example.com", "ADMIN_PASSWORD": "the owner's words"}


def _post(base: str, path: str, body: dict[str, object], token: str = "") -> dict[str, object]:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        result: dict[str, object] = json.loads(answer.read())
        return result


@pytest.mark.slow
def test_a_browser_plays_memory_and_the_server_counts_the_move(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "a memory matching game", "/api/memory/leaderboard") as (page, _base):
        page.get_by_label("Your name").fill("Ada")
        page.get_by_role("button", name="New game").click()
        expect(page.get_by_test_id("game-status")).to_have_text("Moves: 0. Pick two cards.")
        page.get_by_role("button", name="Card 1", exact=True).click()
        page.get_by_role("button", name="Card 2", exact=True).click()
        expect(page.get_by_test_id("game-status")).to_have_text("Moves: 1. Pick two cards.")
        expect(page.get_by_role("button", name="Card 1, ")).to_be_visible()  # its face, shown by the server


@pytest.mark.slow
def test_a_browser_calculates_and_sees_a_refusal(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "a calculator", "/api/calculations") as (page, _base):
        form = page.get_by_role("form", name="Calculator")
        form.get_by_label("Expression").fill("(2 + 3) × 4")
        form.get_by_role("button", name="=").click()
        expect(page.get_by_test_id("result")).to_have_text("(2 + 3) × 4 = 20")
        form.get_by_label("Expression").fill("1/0")
        form.get_by_role("button", name="=").click()
        expect(page.get_by_role("alert")).to_have_text("division by zero")


@pytest.mark.slow
def test_a_browser_is_told_a_slot_is_taken(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "a booking system for meeting rooms", "/api/rooms", OWNER_ENV) as (page, base):
        _post(
            base,
            "/api/rooms",
            {"number": "Blue room", "room_type": "single", "price_per_night": 10},
            _owner(base),
        )
        page.reload()  # with the room made above
        form = page.get_by_role("form", name="Book")
        form.get_by_label("Your name").fill("Ada")
        form.get_by_label("Day").fill("2026-03-02")
        form.get_by_label("From").fill("09:00")
        form.get_by_label("To").fill("10:00")
        form.get_by_role("button", name="Book").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Booked Blue room on 2026-03-02 from 09:00 to 10:00"
        )
        expect(page.locator('[data-day="2026-03-02"] .slot')).to_contain_text("09:00–10:00 Blue room: Ada")
        form.get_by_label("Your name").fill("Bo")
        form.get_by_label("From").fill("09:30")
        form.get_by_label("To").fill("11:00")
        form.get_by_role("button", name="Book").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "That slot is taken: already booked from 09:00 to 10:00"
        )
        # someone else's booking (made elsewhere) has no cancel button here; this browser's has
        _post(base, "/api/bookings", {"resource_id": 1, "name": "Cy", "starts_at": "2026-03-02T12:00:00",
                                      "ends_at": "2026-03-02T13:00:00"})  # fmt: skip
        form.get_by_label("Your name").fill("Bo")
        form.get_by_label("From").fill("10:00")
        form.get_by_label("To").fill("11:00")
        form.get_by_role("button", name="Book").click()
        slots = page.locator('[data-day="2026-03-02"] .slot')
        expect(slots).to_have_count(3)
        expect(page.get_by_role("button", name="Cancel Cy")).to_have_count(0)
        page.get_by_role("button", name="Cancel Ada").click()
        expect(slots).to_have_count(2)
        expect(slots.first).to_contain_text("10:00–11:00 Blue room: Bo")
        page.goto(base + "/#/admin")  # the owner cancels any booking
        owner = page.get_by_role("form", name="Owner sign-in")
        owner.get_by_label("Email").fill(OWNER_ENV["ADMIN_EMAIL"])
        owner.get_by_label("Password").fill(OWNER_ENV["ADMIN_PASSWORD"])
        owner.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("admin-status")).to_contain_text("Signed in as owner@example.com")
        page.goto(base + "/#/calendar")
        form = page.get_by_role("form", name="Book")
        form.get_by_label("Your name").fill("Dee")
        form.get_by_label("Day").fill("2026-03-02")
        form.get_by_label("From").fill("14:00")
        form.get_by_label("To").fill("15:00")
        form.get_by_role("button", name="Book").click()  # shows that week again
        expect(slots).to_have_count(3)
        page.get_by_role("button", name="Cancel Cy").click()
        expect(slots).to_have_count(2)


def _owner(base: str) -> str:
    session = _post(
        base, "/api/admin/login", {"email": OWNER_ENV["ADMIN_EMAIL"], "password": OWNER_ENV["ADMIN_PASSWORD"]}
    )
    return str(session["token"])


@pytest.mark.slow
def test_a_browser_sees_the_chart_drawn(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "a sales dashboard with charts", "/api/dashboard/dimensions") as (page, base):
        for amount, day, region in (
            (10, "2026-01-05", "North"),
            (20, "2026-01-09", "South"),
            (5, "2026-02-01", "North"),
        ):
            _post(base, "/api/sales", {"item": "Tea", "amount": amount, "sold_on": day, "region": region})
        page.reload()  # with the records made above
        expect(page.get_by_test_id("count-sale")).to_have_text("3")
        expect(page.get_by_test_id("total-sale")).to_have_text("35")
        chart = page.get_by_role("img", name="Sales: total amount by month")
        expect(chart.get_by_test_id("bar")).to_have_count(2)
        expect(chart).to_contain_text("2026-01")
        page.get_by_label("Group by").select_option("region")
        expect(page.get_by_role("img", name="Sales: total amount by region")).to_contain_text("North")


@pytest.mark.slow
def test_a_browser_checks_out_and_the_stock_goes_down(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "an online store with a shopping cart", "/api/products", OWNER_ENV) as (
        page,
        base,
    ):
        _post(base, "/api/products", {"name": "Candle", "price": 4.5, "quantity": 3}, _owner(base))
        page.reload()  # with the records made above
        add = page.get_by_role("button", name="Add Candle to cart")
        add.click()
        add.click()
        expect(page.get_by_test_id("cart-total")).to_have_text("Total: 9.00")
        form = page.get_by_role("form", name="Checkout")
        form.get_by_label("Your name").fill("Ada")
        form.get_by_label("Email").fill("ada@example.com")
        form.get_by_role("button", name="Place order").click()
        expect(page.get_by_test_id("order-placed")).to_have_text("Order 1 placed: 9.00.")
        expect(page.get_by_test_id("order-token")).to_have_text(re.compile(r"^[\w-]{32}$"))
        expect(page.get_by_text("1 in stock")).to_be_visible()
        _post(base, "/api/shop/checkout", {"customer": "Bo", "email": "bo@example.com",
                                           "lines": [{"product_id": 1, "quantity": 1}]})  # fmt: skip
        page.get_by_role("link", name="Orders").click()  # a customer sees their own order alone
        expect(page.get_by_test_id("order")).to_have_count(1)
        expect(page.get_by_test_id("order")).to_contain_text("Ada")
        page.get_by_role("link", name="Admin").click()  # the owner signs in and sees every order
        owner = page.get_by_role("form", name="Owner sign-in")
        owner.get_by_label("Email").fill(OWNER_ENV["ADMIN_EMAIL"])
        owner.get_by_label("Password").fill("a wrong guess")
        owner.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("wrong email or password")
        owner.get_by_label("Password").fill(OWNER_ENV["ADMIN_PASSWORD"])
        owner.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("admin-status")).to_contain_text("Signed in as owner@example.com")
        page.get_by_role("link", name="Orders").click()
        expect(page.get_by_role("heading", name="All orders")).to_be_visible()
        expect(page.get_by_test_id("order")).to_have_count(2)
        page.get_by_role("link", name="Products").click()  # and changes the catalogue
        expect(page.get_by_test_id("row")).to_contain_text(["Candle"])


@pytest.mark.slow
def test_a_browser_guesses_a_word(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_page(tmp_path, "a wordle clone", "/api/word-game/leaderboard") as (page, _base):
        page.get_by_label("Your name").fill("Ada")
        page.get_by_role("button", name="New game").click()
        expect(page.get_by_test_id("game-status")).to_have_text("6 tries left.")
        guess = page.get_by_role("form", name="Guess")
        guess.get_by_label("Your guess").fill("abcde")
        guess.get_by_role("button", name="Guess").click()
        expect(page.get_by_test_id("game-status")).to_have_text("5 tries left.")
        letters = page.locator(".guess").first.locator(".letter")
        expect(letters).to_have_count(5)
        marks = letters.evaluate_all("els => els.map(e => e.className.split('mark-')[1])")
        assert set(marks) <= {"g", "y", "none"}  # scored by the server, letter by letter
        guess.get_by_label("Your guess").fill("abc")
        guess.get_by_role("button", name="Guess").click()
        expect(page.get_by_test_id("game-status")).to_have_text(
            "5 tries left."
        )  # a 3-letter word is not sent


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_the_kinds_frontend_builds(kind: str, tmp_path: Path) -> None:
    """``npm run build`` of each kind's frontend, as DEBUG's full level runs it (sandboxed, the
    templates' packages from the shared cache, no network)."""
    from pipeline.validate.project import load_project
    from pipeline.validate.runtime import npm_build

    project = tmp_path / kind
    generate(REQUESTS[kind][0], out=project)
    _, _, frontend = load_project(project)
    assert [d.message for d in npm_build(frontend) if d.severity == "error"] == []


@pytest.mark.parametrize(
    ("request_text", "entity", "measure"),
    [("a weather dashboard", "weather", "value"), ("a sales dashboard with charts", "sale", "amount"),
     ("an analytics dashboard for website traffic", "traffic", "value"), ("a KPI dashboard", "record", "value"),
     ("I want an app that visualizes my spending with graphs", "expense", "amount")],
)  # fmt: skip
def test_a_dashboard_charts_what_the_request_names(request_text: str, entity: str, measure: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "dashboard" and plan.entities[0].name == entity
    assert plan.entities[0].field(measure) is not None and plan.entities[0].field("graphs") is None


def test_a_forum_has_posts_comments_replies_and_tags(tmp_path: Path) -> None:
    plan = extract_spec("a forum for gardeners where people post, comment and reply")
    assert plan.kind == "blog" and [e.name for e in plan.entities] == ["post", "comment", "reply"]
    reply = plan.entity("reply")
    assert reply is not None and reply.field("comment_id") is not None and "tags" in plan.features
    project = tmp_path / "forum"
    generate("a forum for gardeners where people post, comment and reply", out=project)
    assert (
        suite_passes(project, "tests/test_replies.py") >= 5
    )  # replies link to comments, which link to posts
