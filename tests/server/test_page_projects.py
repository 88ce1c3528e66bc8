"""The page's projects, in a real browser against the real service: "My projects" a page at a time,
renamed and deleted from the list, a project's conversation with two versions and their diff,
opening a project in the workspace on its newest version, and the offer of a model build later
(with its rough time, or plainly refused without keys). axe-core checks the new views."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from pipeline.testing.fake_llm import FakeLLMServer
from tests.server.page_form import job_shown
from tests.server.test_model_build import DB, PARTLY, _cool_the_pool
from tests.server.test_page import browser  # noqa: F401  (the module's browser fixture)
from tests.server.test_page_workspace import axe, build, snap
from tests.server.test_service import Service, wait_done

pytestmark = pytest.mark.slow


def _make(client: httpx.Client, prompt: str) -> dict[str, Any]:
    made = client.post("/api/v1/generate", json={"prompt": prompt, "options": {"offline": True}}).json()
    assert wait_done(client, made["job_id"])["status"] == "succeeded"
    return dict(made)


def on_a_phone(page: Any, name: str) -> None:
    """The view at a phone's width: nothing wider than the screen, axe clean; then back."""
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe(page) == []
    snap(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_my_projects_paged_renamed_deleted_and_opened(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    svc = Service(tmp_path, RATE_LIMIT_GENERATION="1000/minute")
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            todo = _make(client, "build a todo app")
            recipes = _make(client, "a recipe book where recipes have ingredients and cooking time")
            expenses = _make(client, "expense tracker with categories and monthly totals")
            owner = {"X-Job-Secret": todo["job_secret"]}
            edit = client.post(
                f"/api/v1/jobs/{todo['job_id']}/edits",
                json={"request": "add a rating to todos"},
                headers=owner,
            ).json()
            assert wait_done(client, edit["job_id"])["status"] == "succeeded"
        # this browser made them: it holds their secrets, as the page keeps them
        held = [
            {"id": edit["job_id"], "secret": todo["job_secret"], "project": todo["job_id"], "version": 2},
            *({"id": m["job_id"], "secret": m["job_secret"], "project": m["job_id"], "version": 1}
              for m in (todo, recipes, expenses)),
        ]  # fmt: skip
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.goto(svc.url)
        page.evaluate("(jobs) => localStorage.setItem('pipeline.recentJobs', JSON.stringify(jobs))", held)

        # two a page, the most recently changed first: the edited todo list, then the expenses
        page.click("#nav-projects")
        expect(page).to_have_url(f"{svc.url}/projects")
        expect(page.locator("#project-list > li")).to_have_count(3)
        page.goto(f"{svc.url}/projects?per=2")
        rows = page.locator("#project-list > li")
        expect(rows).to_have_count(2)
        expect(rows.nth(0).locator(".project-name")).to_have_text("Todo List")
        expect(rows.nth(0)).to_contain_text("2 versions · changed")
        expect(rows.nth(1)).to_contain_text("1 version · changed")
        page.get_by_role("button", name="Show more projects").click()
        expect(rows).to_have_count(3)
        expect(page.locator("#projects-more")).to_be_hidden()
        expect(rows.nth(2).locator(".project-name")).to_be_focused()  # the keyboard goes on there
        names = rows.locator(".project-name").all_inner_texts()
        assert names[0] == "Todo List" and len(set(names)) == 3, names
        assert axe(page) == []
        snap(page, "projects-desk")
        on_a_phone(page, "projects-phone")

        # rename from the list
        page.get_by_role("button", name="Rename Todo List").click()
        page.get_by_label("New name").fill("My todos")
        page.get_by_role("button", name="Save").click()
        expect(rows.nth(0).locator(".project-name")).to_have_text("My todos")
        expect(rows.nth(0).locator(".project-name")).to_be_focused()
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            assert (
                client.get(f"/api/v1/projects/{todo['job_id']}", headers=owner).json()["name"] == "My todos"
            )

        # delete asks first; cancel keeps it, yes removes it with its versions
        doomed = names[2]
        page.get_by_role("button", name=f"Delete {doomed}").click()
        confirm = page.get_by_role("group", name=f"Delete {doomed}?")
        expect(confirm).to_contain_text("This cannot be undone.")
        assert axe(page) == []
        confirm.get_by_role("button", name="Cancel").click()
        expect(rows).to_have_count(3)
        page.get_by_role("button", name=f"Delete {doomed}").click()
        page.get_by_role("button", name="Yes, delete it").click()
        expect(rows).to_have_count(2)
        page.reload()
        expect(rows).to_have_count(2)
        assert doomed not in rows.locator(".project-name").all_inner_texts()
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            found = [
                client.get(
                    f"/api/v1/projects/{m['job_id']}", headers={"X-Job-Secret": m["job_secret"]}
                ).status_code
                for m in (recipes, expenses)
            ]
            assert sorted(found) == [200, 404], found

        # the conversation: each request, then the version it made, with its diff and preview
        page.get_by_role("link", name="Conversation of My todos").click()
        expect(page).to_have_url(f"{svc.url}/projects/{todo['job_id']}")
        expect(page.locator("#project-title")).to_have_text("My todos")
        turns = page.locator("#conversation > li")
        expect(turns).to_have_count(2)
        expect(turns.nth(0).locator(".bubble")).to_have_text("build a todo app")
        expect(turns.nth(0)).to_contain_text("Todo List.")
        expect(turns.nth(0).locator("details")).to_have_count(0)  # v1: nothing before it
        expect(turns.nth(1).locator(".bubble")).to_have_text("add a rating to todos")
        expect(turns.nth(1).locator(".version-head")).to_contain_text("v2")
        expect(turns.nth(1).locator(".badge")).to_have_text("made")
        preview = turns.nth(1).get_by_role("link", name="Preview of v2 (new tab)")
        assert f"{edit['job_id']}" in (preview.get_attribute("href") or "")
        summary = turns.nth(1).locator("details summary")
        expect(summary).to_contain_text("Changes against v1 (")
        summary.click()
        added = turns.nth(1).locator("pre .add", has_text="rating")
        expect(added.first).to_be_visible()
        assert axe(page) == []
        snap(page, "project-conversation-desk")
        on_a_phone(page, "project-conversation-phone")

        # opening the project lands in the workspace on its newest version
        page.get_by_role("link", name="Open v2, the newest version").click()
        expect(page).to_have_url(f"{svc.url}/jobs/{edit['job_id']}")
        expect(page.locator("#job-status")).to_have_text("Done: v2 is ready.", timeout=60_000)
        expect(page.locator("#versions li[aria-current]")).to_have_attribute("data-version", "2")
        page.goto(f"{svc.url}/projects")
        page.get_by_role("link", name="My todos", exact=True).click()  # from the list too
        expect(page).to_have_url(f"{svc.url}/jobs/{edit['job_id']}")
        # a project this browser holds no secret for is not shown
        page.goto(f"{svc.url}/projects/{'0' * 32}")
        expect(page.locator("#project-title")).to_have_text("This project is not known here")
        context.close()
    finally:
        svc.stop()


def test_a_partial_app_offers_a_model_build_later_with_when(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    fake_in_thread: FakeLLMServer,
) -> None:
    from playwright.sync_api import expect

    fake = fake_in_thread
    redis.Redis.from_url(DB).flushdb()
    svc = Service(
        tmp_path, PIPELINE_KEY_STORE=DB, PIPELINE_CACHE="false",
        **{f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()},
    )  # fmt: skip
    try:
        _cool_the_pool(fake)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, bypass_csp=True)
        build(page, svc.url, PARTLY)
        expect(page.locator("#job-status")).to_have_attribute("data-status", "partial", timeout=60_000)
        offer = page.locator("#model-later")
        expect(offer).to_be_visible()
        expect(page.locator("#later-text")).to_have_text(
            "A model can build your request as a new version, starting in under a minute, "
            "when a provider's rate limit ends."
        )
        job_shown(page)  # axe looks at the page as drawn, not while its files and diff still come
        assert axe(page) == []
        page.get_by_role("button", name="Build it with a model later").click()
        expect(page.locator("#later-text")).to_contain_text(
            "Queued as v2: a model starts on it in under a minute"
        )
        expect(page.locator("#later-ask")).to_be_hidden()
        expect(page.locator("#versions li").first).to_have_attribute("data-version", "2")
        snap(page, "model-later-desk")
        stored = json.loads(page.evaluate("localStorage.getItem('pipeline.recentJobs')"))
        assert stored[0]["version"] == 2 and stored[0]["secret"]  # this browser may follow and change it
    finally:
        svc.stop()
        redis.Redis.from_url(DB).flushdb()


def test_without_keys_the_page_says_no_model_can_build_it(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    svc = Service(tmp_path, GROQ_API_KEYS="")
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        build(page, svc.url, PARTLY)
        expect(page.locator("#job-status")).to_have_attribute("data-status", "partial", timeout=60_000)
        expect(page.locator("#later-text")).to_have_text(
            "This service has no model keys, so no model can build it: this app is the nearest the templates make."
        )
        expect(page.get_by_role("button", name="Build it with a model later")).to_be_hidden()
    finally:
        svc.stop()
