"""The operator's page shows what the stores keep, in a real browser against the real service at
1440×900 and 390×844: the totals, where files and records are, and one row per user with their
projects, versions and bytes, as ``GET /api/v1/admin/usage`` answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.test_page import ARTIFACTS, browser  # noqa: F401  (the module's browser fixture)
from tests.server.test_page_workspace import SIZES, axe
from tests.server.test_service import Service, wait_done

pytestmark = pytest.mark.slow
TOKEN = "op-token-1"


@pytest.mark.parametrize("size", SIZES)
def test_the_operator_sees_users_projects_and_bytes_stored(browser: Any, tmp_path: Path, size: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    # no provider keys: the key pool's tables are another test's
    svc = Service(
        tmp_path, PIPELINE_ADMIN_TOKENS=TOKEN, PIPELINE_API_TOKENS="ada-token,bob-token", GROQ_API_KEYS=""
    )
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            for who, prompt in (
                ("ada", "build a todo app"),
                ("ada", "a notes app"),
                ("bob", "a habit tracker"),
            ):
                made = client.post(
                    "/api/v1/generate", json={"prompt": prompt, "options": {"offline": True}},
                    headers={"Authorization": f"Bearer {who}-token"},
                )  # fmt: skip
                wait_done(client, made.json()["job_id"])
            usage = client.get("/api/v1/admin/usage", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        first, second = usage["users"]  # the most bytes first
        page = browser.new_context(viewport=SIZES[size], bypass_csp=True).new_page()  # for axe's script tag
        page.goto(f"{svc.url}/admin")
        page.fill("#token", TOKEN)
        page.click("#token-form button")
        totals = page.locator("#usage-totals")
        expect(totals).to_contain_text("3 projects with 3 versions of 2 users: ")
        expect(totals).to_contain_text(f"KiB of files in {tmp_path / 'data' / 'files'}, records in sqlite.")
        rows = page.locator("#usage tbody tr")
        expect(rows).to_have_count(2)
        for row, user in zip((rows.nth(0), rows.nth(1)), (first, second), strict=True):
            expect(row.locator("td").nth(0)).to_have_text(user["user"][:12])
            expect(row.locator("td").nth(1)).to_have_text("API token")
            expect(row.locator("td").nth(2)).to_have_text(str(user["projects"]))
            expect(row.locator("td").nth(4)).to_have_text(re.compile(r"^\d+(\.\d)? KiB$"))
            expect(row.locator("td").nth(4)).to_have_attribute("data-bytes", str(user["bytes"]))
        assert sorted((first["projects"], second["projects"])) == [1, 2]
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
        assert axe(page) == []
        page.locator("#usage-title").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"admin-usage-{size}.png"), full_page=True)
    finally:
        svc.stop()
