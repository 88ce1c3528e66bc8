"""The page's preview and changes in a real browser against the real service: generate offline,
see the app running beside its files, use it, change it by asking, see the change, go back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.server.page_form import tick_offline
from tests.server.test_page import browser, shot  # noqa: F401  (the module's browser fixture)
from tests.server.test_service import Service

pytestmark = pytest.mark.slow


def test_generate_see_it_use_it_change_it_and_go_back(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        page = browser.new_page()
        page.goto(svc.url)
        page.fill("#prompt", "build a todo app")
        tick_offline(page)
        page.click("#submit")
        expect(page.locator("#job-status")).to_have_text("Done: your app is ready.", timeout=60_000)
        app = page.frame_locator("#preview-frame")
        expect(app.get_by_role("heading", name="Todo List")).to_be_visible(timeout=30_000)
        expect(page.locator("#preview-version")).to_have_text("v1")
        expect(page.locator("#preview-open")).to_have_attribute(
            "href", page.locator("#preview-frame").get_attribute("src") or ""
        )
        # use the app inside the preview
        form = app.get_by_role("form", name="Todo form")
        form.get_by_label("Title *").fill("Buy oat milk")
        form.get_by_role("button", name="Add Todo").click()
        expect(app.get_by_test_id("row")).to_have_count(1)
        expect(app.get_by_test_id("row").first).to_contain_text("Buy oat milk")
        page.click("#preview-reload")
        # the frame's new page, not the old one still on screen while it loads
        expect(page.locator("#frame-wait")).to_be_hidden(timeout=30_000)
        expect(app.get_by_test_id("row")).to_have_count(1)  # its own database keeps the record
        shot(page, "preview-v1")
        # change it by asking
        page.fill("#change", "add a rating to todos")
        page.get_by_role("button", name="Change it").click()
        expect(page.locator("#job-status")).to_have_text("Done: v2 is ready.", timeout=60_000)
        expect(page.locator("#preview-version")).to_have_text("v2")
        expect(app.get_by_role("form", name="Todo form").get_by_label("Rating")).to_be_visible(timeout=30_000)
        versions = page.locator("#versions li")
        expect(versions).to_have_count(2)
        expect(versions.nth(0)).to_contain_text("v2current add a rating to todos")  # newest first
        versions.nth(0).get_by_role("button", name="Diff of v2").click()
        expect(page.locator("#diff")).to_contain_text("rating")
        shot(page, "preview-v2")
        # go back to v1: a new version, equal to v1, and the preview follows it
        versions.nth(1).get_by_role("button", name="Restore v1").click()
        page.get_by_role("button", name="Yes, restore v1").click()
        expect(page.locator("#preview-version")).to_have_text("v3", timeout=30_000)
        expect(page.locator("#job-status")).to_have_text("Restored from v1: v3 has its files.")
        expect(app.get_by_role("form", name="Todo form").get_by_label("Title *")).to_be_visible(
            timeout=30_000
        )
        expect(app.get_by_role("form", name="Todo form").get_by_label("Rating")).to_have_count(0)
        expect(page.locator("#versions li")).to_have_count(3)
        # after a page reload, the preview is there again
        page.reload()
        expect(page.frame_locator("#preview-frame").get_by_role("heading", name="Todo List")).to_be_visible(
            timeout=30_000
        )
        shot(page, "preview-v3")
    finally:
        svc.stop()


def test_a_preview_stopped_for_being_idle_comes_back_when_opened(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    import httpx
    from playwright.sync_api import expect

    svc = Service(tmp_path, PIPELINE_PREVIEW_IDLE_S="2")
    try:
        page = browser.new_page()
        page.goto(svc.url)
        page.fill("#prompt", "a recipe book")
        tick_offline(page)
        page.click("#submit")
        app = page.frame_locator("#preview-frame")
        expect(app.get_by_role("heading", name="Recipe Book")).to_be_visible(timeout=60_000)
        deadline = time.monotonic() + 30
        while httpx.get(f"{svc.url}/api/v1/admin/previews").json()["running"] and time.monotonic() < deadline:
            time.sleep(0.5)
        assert httpx.get(f"{svc.url}/api/v1/admin/previews").json()["running"] == []  # stopped when idle
        page.click("#preview-reload")
        # loaded again (the stopped app's page stayed on screen): only then has the app started
        expect(page.locator("#frame-wait")).to_be_hidden(timeout=60_000)
        expect(app.get_by_role("heading", name="Recipe Book")).to_be_visible(timeout=30_000)
        assert len(httpx.get(f"{svc.url}/api/v1/admin/previews").json()["running"]) == 1
    finally:
        svc.stop()
