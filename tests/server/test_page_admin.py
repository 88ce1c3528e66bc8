"""The operator's page in a real browser against the real service, at 1440×900 and 390×844: the
running previews against their maximum, the last jobs with why they failed, a job lookup, a
refresh every 10 s, and the truth about capacity when there are no keys."""

from __future__ import annotations

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
def test_the_operator_sees_previews_jobs_and_looks_one_up(browser: Any, tmp_path: Path, size: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    svc = Service(tmp_path, PIPELINE_ADMIN_TOKENS=TOKEN, GROQ_API_KEYS="", PIPELINE_REVIEW_TTL_S="1")
    admin = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            made = client.post(
                "/api/v1/generate", json={"prompt": "build a todo app", "options": {"offline": True}}
            )
            done_id = made.json()["job_id"]
            wait_done(client, done_id)
            assert client.get(f"/preview/{done_id}/", timeout=90).status_code == 200  # one preview running
            waiting = client.post(
                "/api/v1/generate",
                json={"prompt": "a notes app", "options": {"offline": True, "review": True}},
            ).json()["job_id"]
            wait_done(client, waiting, until=("awaiting_review",))
        page = browser.new_context(viewport=SIZES[size], bypass_csp=True).new_page()  # for axe's script tag
        page.goto(f"{svc.url}/admin")
        page.fill("#token", TOKEN)
        page.click("#token-form button")
        expect(page.locator("#capacity")).to_have_text("No keys: every app comes from the templates.")
        expect(page.locator("#previews-count")).to_contain_text("1 of 4 running.")
        expect(page.locator("#previews tbody tr")).to_have_count(1)
        expect(page.locator("#previews tbody td").nth(3)).to_contain_text("MB")
        rows = page.locator("#jobs tbody tr")
        expect(rows).to_have_count(2)
        # the review nobody answered ran out: the newest job, with its reason
        expect(rows.nth(0)).to_contain_text("expired", timeout=15_000)  # by the next refresh at the latest
        expect(rows.nth(0).locator("td.why")).to_have_text(
            "nobody answered the review in time; start a new job"
        )
        expect(rows.nth(1)).to_contain_text("succeeded")
        # a lookup by id, from the list or typed
        rows.nth(1).get_by_role("button", name=f"Look up job {done_id}").click()
        expect(page.locator("#lookup-result")).to_contain_text("build a todo app")
        expect(page.locator("#lookup-result")).to_contain_text("worker")
        page.fill("#lookup", "0" * 32)
        page.get_by_role("button", name="Look up", exact=True).click()
        expect(page.locator("#lookup-result")).to_contain_text("may have expired after a day")
        # it refreshes by itself every 10 s: a new job shows without a click
        first = page.locator("#updated").text_content()
        httpx.post(
            f"{svc.url}/api/v1/generate", json={"prompt": "a habit tracker", "options": {"offline": True}}
        )
        expect(rows).to_have_count(3, timeout=15_000)
        assert page.locator("#updated").text_content() != first
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
        assert axe(page) == []
        page.screenshot(path=str(ARTIFACTS / f"admin-{size}.png"), full_page=True)
        assert httpx.get(f"{svc.url}/api/v1/admin/jobs").status_code == 401  # the list is the operator's
        assert httpx.get(f"{svc.url}/api/v1/admin/jobs", headers=admin).json()["jobs"][0]["prompt"]
    finally:
        svc.stop()
