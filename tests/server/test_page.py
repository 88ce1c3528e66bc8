"""The web page in a real browser (Playwright driving Debian's Chromium) against the real service:
type a request, watch the agents, open a file, download the zip, reload mid-run, bad input, the
operator view. One screenshot per main state is kept under test-artifacts/page/."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.testing.fake_llm import FakeLLMServer
from tests.providers.conftest import key
from tests.server.page_form import service_known, tick_offline
from tests.server.test_service import ROOT, Service

pytestmark = pytest.mark.slow
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(os.environ.get("PIPELINE_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "page"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is needed: run `bash scripts/test`, which installs it")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_request_is_built_followed_opened_and_downloaded(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        page = browser.new_page()
        page.goto(svc.url)
        shot(page, "1-start")
        page.get_by_role("button", name="build a todo app").click()
        expect(page.locator("#prompt")).to_have_value("build a todo app")
        tick_offline(page)
        page.click("#submit")
        expect(page.locator("#download")).to_be_visible(timeout=60_000)
        for agent in ("core", "arch", "backend", "uix", "debug"):
            expect(page.locator(f'#agents tr[data-agent="{agent}"]')).to_have_attribute("data-state", "done")
        expect(page.locator("#job-status")).to_have_text("Done: your app is ready.")
        expect(page.locator("#plan-entities")).to_contain_text("title (string, required)")
        expect(page.locator("#operations")).to_contain_text("POST /api/todos  create_todo")
        expect(page.locator("#steps")).to_contain_text("BACKEND is writing the backend")
        expect(page.locator("#readme")).to_contain_text("# Todo List")
        page.click("#tab-files")
        page.click('#tree button[data-path="backend/app/main.py"]')
        expect(page.locator("#viewer")).to_contain_text("def create_app(")
        shot(page, "2-done")
        with page.expect_download() as download:
            page.click("#download")
        archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
        names = archive.namelist()
        assert any(n.startswith("backend/") for n in names) and any(n.startswith("frontend/") for n in names)
        job_url = page.url
        assert "/jobs/" in job_url
        # the job's address in another browser shows it as it stands
        other = browser.new_context().new_page()
        other.goto(job_url)
        expect(other.locator("#job-status")).to_have_text("Done: your app is ready.", timeout=20_000)
        expect(other.locator("#download")).to_be_visible()
        # and the first browser lists it among its recent jobs
        page.goto(svc.url)
        expect(page.locator("#recent-list")).to_contain_text("build a todo app")
        assert page.evaluate("fetch('/api/v1/jobs').then(r => r.status)") in (404, 405)  # no job list
    finally:
        svc.stop()


def test_a_reload_mid_run_keeps_following_the_job(
    browser: Any, fake_in_thread: FakeLLMServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    fake_in_thread.latency = 1.0
    env = {f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake_in_thread.urls.items()}
    env.update({f"{p.upper()}_API_KEYS": key(p, "good") for p in ("gemini", "deepseek")})
    svc = Service(tmp_path, **env)
    try:
        page = browser.new_page()
        page.goto(svc.url)
        page.fill("#prompt", "build a todo app")
        page.click("#submit")
        expect(page.locator('#agents tr[data-agent="core"]')).to_have_attribute(
            "data-state", "done", timeout=30_000
        )
        expect(page.locator("#download")).to_be_hidden()
        shot(page, "3-running")
        page.reload()
        expect(page.locator('#agents tr[data-agent="core"] td').nth(1)).to_have_text(
            "deepseek:deepseek-v4-flash"
        )
        expect(page.locator("#download")).to_be_visible(timeout=60_000)
        expect(page.locator('#agents tr[data-agent="uix"]')).to_have_attribute("data-state", "done")
        expect(page.locator('#agents tr[data-agent="core"] td').nth(2)).not_to_have_text(
            "0"
        )  # tokens counted
    finally:
        svc.stop()


def test_bad_requests_get_one_clear_sentence(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path, RATE_LIMIT_GENERATION="1/minute")
    try:
        page = browser.new_page()
        page.goto(svc.url)
        page.click("#submit")
        expect(page.locator("#form-error")).to_have_text(
            'Write what you want built first, for example "build a todo app".'
        )
        page.fill("#prompt", "x" * 8001)
        page.click("#submit")
        expect(page.locator("#form-error")).to_contain_text("the limit is 8000")
        shot(page, "4-bad-input")
        page.fill("#prompt", "build a todo app")
        tick_offline(page)
        page.click("#submit")
        expect(page.locator("#job-status")).to_be_visible()
        page.goto(svc.url)
        page.fill("#prompt", "build a notes app")
        page.click("#submit")
        expect(page.locator("#form-error")).to_contain_text("try again in")
        shot(page, "5-rate-limited")
    finally:
        svc.stop()


def test_phone_width_and_keyboard_only(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(svc.url)
        page.keyboard.press("Tab")  # the brand link
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "nav-projects"  # then "My projects"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "prompt"
        page.keyboard.type("build a habit tracker")
        for _ in range(5):  # four examples, then the offline box
            page.keyboard.press("Tab")
        service_known(page)  # Space toggles: the page ticks the box itself when it has no keys
        page.keyboard.press("Space")
        expect(page.locator("#offline")).to_be_checked()
        for _ in range(3):  # the check level, the review box, the button
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "submit"
        page.keyboard.press("Enter")
        expect(page.locator("#job-status")).to_have_attribute("data-status", "succeeded", timeout=60_000)
        expect(page.locator("#stage")).to_be_visible()  # the phone shows the app once the job ends
        page.get_by_role("button", name="Chat").click()
        expect(page.locator("#download")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing wider than the phone
        shot(page, "6-phone")
    finally:
        svc.stop()


def test_the_operator_view_needs_the_admin_token(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path, PIPELINE_ADMIN_TOKENS="op-token-1")
    try:
        page = browser.new_page()
        page.goto(f"{svc.url}/admin")
        expect(page.locator("#token-form")).to_be_visible()
        expect(page.locator("#error")).to_contain_text("needs the admin token")
        page.fill("#token", "op-token-1")
        page.click("#token-form button")
        expect(page.locator("#today")).to_contain_text("tokens; spend $")
        expect(page.locator("#capacity")).to_contain_text("apps a day made by models")
        expect(page.locator("#providers")).to_contain_text("groq: 1/1 keys active")
        expect(page.locator("#providers")).to_contain_text("day resets")
        shot(page, "7-admin")
    finally:
        svc.stop()


def test_review_on_the_page_approve_then_reject(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        page = browser.new_page()
        page.goto(svc.url)
        page.fill("#prompt", "build a todo app")
        tick_offline(page)
        page.check("#review")
        page.click("#submit")
        expect(page.locator("#review-panel")).to_be_visible(timeout=30_000)
        expect(page.locator("#review-title")).to_have_text("Review the plan")
        expect(page.locator("#job-status")).to_have_text("Waiting for your review.")
        assert '"app_name": "Todo List"' in page.input_value("#review-json")
        shot(page, "8-review")
        page.click("#approve")
        expect(page.locator("#review-title")).to_have_text("Review the design", timeout=30_000)
        page.reload()  # a pending review survives a reload too
        expect(page.locator("#review-title")).to_have_text("Review the design", timeout=30_000)
        page.click("#reject")
        expect(page.locator("#job-status")).to_have_text("Rejected: nothing was built.", timeout=30_000)
        expect(page.locator("#download")).to_be_hidden()
    finally:
        svc.stop()
