"""Signing in on the page, in a real browser (Playwright driving Debian's Chromium) against the real
service and a real OpenID Connect provider on loopback: an app made anonymously, "Sign in", the
provider's login and consent, back on the page with the person's name, the app claimed into their
account, then "Sign out"."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.server.oidc import OidcProvider
from tests.server.page_form import tick_offline
from tests.server.test_page import browser, shot  # noqa: F401  (the module's browser fixture)
from tests.server.test_page_workspace import axe
from tests.server.test_service import Service
from tests.servers import free_port

pytestmark = pytest.mark.slow


def test_signing_in_on_the_page_claims_the_app_made_before(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    port = free_port()
    provider = OidcProvider(f"http://127.0.0.1:{port}/auth/callback")
    svc = None
    try:
        svc = Service(tmp_path, port=port, **provider.env())
        context = browser.new_context()
        # the provider's login page asks for a web font; nothing here reaches the internet
        context.route("**/fonts.googleapis.com/**", lambda route: route.abort())
        page = context.new_page()
        page.goto(svc.url)
        sign_in = page.get_by_role("link", name="Sign in")
        expect(sign_in).to_be_visible()
        page.fill("#prompt", "build a todo app")
        tick_offline(page)
        page.click("#submit")
        expect(page.locator("#download")).to_be_visible(timeout=60_000)
        job_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert page.request.get(f"{svc.url}/api/v1/projects").status == 401  # nobody yet, and no secret sent

        page.get_by_role("link", name="Sign in").click()
        page.wait_for_url(f"{provider.issuer}/interaction/**")
        page.fill('input[name="login"]', "grace")
        page.fill('input[name="password"]', "any password")
        page.get_by_role("button", name="Sign-in").click()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{svc.url}/")
        expect(page.locator("#account-name")).to_have_text("Person grace")
        expect(page.locator("#account-note")).to_have_text(
            "The project you made before signing in is now kept in your account."
        )
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        shot(page, "signed-in")
        listed = page.request.get(f"{svc.url}/api/v1/projects").json()["projects"]
        assert [p["id"] for p in listed] == [job_id]
        # the signed-in header as axe-core sees it (a second look, CSP off for axe's script tag)
        looked = browser.new_context(storage_state=context.storage_state(), bypass_csp=True)
        second = looked.new_page()
        second.goto(svc.url)
        expect(second.locator("#account-name")).to_have_text("Person grace")
        assert axe(second) == []
        # "My projects" speaks for the session: the claimed app is listed without any secret
        second.evaluate("localStorage.clear()")
        second.goto(f"{svc.url}/projects")
        expect(second.locator(f'[data-project="{job_id}"]')).to_be_visible()
        # the person's export holds the claimed project
        export = second.request.get(f"{svc.url}/api/v1/me/export")
        assert export.status == 200
        with zipfile.ZipFile(io.BytesIO(export.body())) as held:
            assert any(name.startswith(f"projects/{job_id}/") for name in held.namelist())
        # deleting the account asks first, then takes the project with it
        second.get_by_role("button", name="Delete my account").click()
        second.get_by_role("button", name="Delete it and all my projects").click()
        second.wait_for_url(f"{svc.url}/")
        expect(second.get_by_role("link", name="Sign in")).to_be_visible()
        assert page.request.get(f"{svc.url}/api/v1/projects").json()["projects"] == []
        looked.close()

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("link", name="Sign in")).to_be_visible()
        assert page.request.get(f"{svc.url}/api/v1/me").status == 401
        context.close()
    finally:
        if svc is not None:
            svc.stop()
        provider.stop()
