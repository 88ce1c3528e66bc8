"""The page as a workspace, in a real browser against the real service, at a laptop's 1440×900 and
a phone's 390×844: where the app sits after "Done", the truth about what was made, a change made
in place and undone, the versions and their diffs, the quiet plumbing, keyboard and contrast (with
axe-core), and the phone's one-pane switch. Screenshots go to test-artifacts/page/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.server.page_form import job_shown, service_known, tick_offline
from tests.server.test_page import ARTIFACTS, browser  # noqa: F401  (the module's browser fixture)
from tests.server.test_service import Service

pytestmark = pytest.mark.slow
SIZES = {"desk": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def snap(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def build(page: Any, url: str, prompt: str) -> None:
    page.goto(url)
    page.fill("#prompt", prompt)
    tick_offline(page)
    page.click("#submit")


def done(page: Any) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#job-status")).to_have_attribute("data-status", "succeeded", timeout=60_000)
    job_shown(page)  # after a reload the status comes back before the rest is drawn


def to_chat(page: Any, size: str) -> None:
    if size == "phone":
        page.click('#switch button[data-pane="chat"]')


def record_statuses(page: Any) -> None:
    """Keep every text the status and the veil show, however briefly."""
    page.evaluate("""() => {
      window.seen = { status: [], veil: [] };
      const watch = (id, list) => new MutationObserver(() => {
        const node = document.getElementById(id);
        if (!node.hidden && node.textContent) list.push(node.textContent);
      }).observe(document.getElementById(id), { childList: true, characterData: true, subtree: true, attributes: true });
      watch('job-status', window.seen.status);
      watch('veil', window.seen.veil);
    }""")


def axe(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as shown (the app's own frame aside)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate("""async () => (await axe.run(document, { iframes: false,
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })).violations
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)""")
    return found


def contrast(fg: str, bg: str = "rgb(255, 255, 255)") -> float:
    def luminance(rgb: str) -> float:
        parts = [int(float(p)) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("size", SIZES)
def test_after_done_the_app_fills_the_first_screen(browser: Any, tmp_path: Path, size: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        context = browser.new_context(viewport=SIZES[size], bypass_csp=True)  # axe goes in as a script tag
        page = context.new_page()
        page.goto(svc.url)
        service_known(page)  # the start page as it stays (without keys a note appears)
        assert axe(page) == []  # the start page too
        build(page, svc.url, "build a todo app")
        expect(page.locator("#job-status")).to_be_focused()  # focus follows the job
        done(page)
        expect(page.locator("#job")).to_have_attribute("data-pane", "preview")  # the phone turns to the app
        expect(page.locator("#frame-wait")).to_have_text("Starting your app…")
        app = page.frame_locator("#preview-frame")
        expect(app.get_by_role("heading", name="Todo List")).to_be_visible(timeout=60_000)
        expect(page.locator("#frame-wait")).to_be_hidden()
        assert page.title().startswith("Done · Todo List")
        page.focus("#tab-preview")  # the tabs follow the arrow keys
        page.keyboard.press("ArrowRight")
        expect(page.locator("#tab-files")).to_be_focused()
        expect(page.locator("#panel-files")).to_be_visible()
        page.keyboard.press("ArrowLeft")
        expect(page.locator("#panel-preview")).to_be_visible()
        # the chat: the app's name as heading, the id in small print, agents as chips, log folded
        to_chat(page, size)
        expect(page.locator("#job-title")).to_have_text("Todo List")
        expect(page.locator("#job-id")).to_have_text(page.url.rsplit("/", 1)[1])
        expect(page.locator('#agent-chips li[data-state="done"]')).to_have_count(5)
        assert page.locator("#agent-details").get_attribute("open") is None
        expect(page.locator('#agents tr[data-agent="debug"] td').nth(3)).to_have_text("–")  # no price: a dash
        expect(page.locator("#plan p")).to_have_count(2)
        assert page.locator("[aria-live]").count() == 1  # one polite live status, not a live log
        # step numbers of two digits fit: the list leaves room for "10." left of each step
        page.click("#agent-details summary")
        room = page.evaluate("""() => {
          const steps = document.getElementById('steps');
          while (steps.children.length < 12) steps.append(document.createElement('li'));
          const item = steps.children[11];
          item.textContent = 'a twelfth step';
          const probe = document.createElement('span');
          probe.textContent = '12.';
          item.append(probe);
          const needed = probe.getBoundingClientRect().width;
          probe.remove();
          return [item.getBoundingClientRect().left - steps.getBoundingClientRect().left, needed];
        }""")
        assert room[0] >= room[1] + 4, room
        page.click("#agent-details summary")
        if size == "desk":
            frame = page.locator("#preview-frame").bounding_box()
            assert frame and frame["y"] <= 140 and frame["height"] >= 700, frame
            change = page.locator("#change-form").bounding_box()
            assert change and change["y"] + change["height"] <= 900, change
            assert page.evaluate("getComputedStyle(document.getElementById('chat')).overflowY") == "auto"
            snap(page, f"workspace-{size}")
            page.get_by_role("button", name="Phone", exact=True).click()
            frame = page.locator("#preview-frame").bounding_box()
            assert frame and frame["width"] == 390
            page.get_by_role("button", name="Tablet").click()
            assert (page.locator("#preview-frame").bounding_box() or {})["width"] == 820
            page.get_by_role("button", name="Full width").click()
            page.click("#preview-full")
            page.wait_for_function(
                "document.fullscreenElement && document.fullscreenElement.id === 'frame-box'"
            )
            page.evaluate("document.exitFullscreen()")
        else:
            expect(page.locator("#switch")).to_be_visible()
            page.click('#switch button[data-pane="preview"]')
            switch = page.locator("#switch").bounding_box()
            frame = page.locator("#preview-frame").bounding_box()
            assert switch and frame and frame["y"] >= switch["y"] + switch["height"] - 1
            assert frame["y"] + frame["height"] >= 844 - 2  # the app fills the screen below the switch
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            expect(page.locator("#chat")).to_be_hidden()
            snap(page, f"workspace-{size}")
            page.click('#switch button[data-pane="files"]')
            expect(page.locator('#tree button[data-path="README.md"]')).to_be_visible()
            to_chat(page, size)
            expect(page.locator("#change")).to_be_visible()
        # reload and new tab are secondary: white with a coloured border
        assert page.evaluate(
            "getComputedStyle(document.getElementById('preview-reload')).backgroundColor"
        ) == ("rgb(255, 255, 255)")
        # keyboard and contrast: skip link first, a 3:1 focus ring, 3:1 input borders, axe clean
        page.reload()
        done(page)
        page.keyboard.press("Tab")
        expect(page.locator("#skip-link")).to_be_focused()
        expect(page.locator("#skip-link")).to_have_text("Skip to preview")
        ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
        assert contrast(ring) >= 3, ring
        border = page.evaluate("getComputedStyle(document.getElementById('change')).borderTopColor")
        assert contrast(border) >= 3, border
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#stage"
        assert axe(page) == []
        if size == "phone":
            to_chat(page, size)
            assert axe(page) == []
        # a job this service does not know: said plainly, with a way on
        page.goto(f"{svc.url}/jobs/{'0' * 32}")
        to_chat(page, size)
        expect(page.locator("#job-title")).to_have_text("This job is not known here")
        expect(page.get_by_role("link", name="Start a new app")).to_be_visible()
        expect(page.locator("#agents-box")).to_be_hidden()
        assert page.title().startswith("Not found")
    finally:
        svc.stop()


@pytest.mark.parametrize("size", SIZES)
def test_a_change_is_made_in_place_shown_as_a_diff_and_undone(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    size: str,
) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        page = browser.new_page(viewport=SIZES[size])
        build(page, svc.url, "a recipe book where recipes have ingredients and cooking time")
        done(page)
        app = page.frame_locator("#preview-frame")
        expect(app.get_by_role("heading", name="Recipe Book")).to_be_visible(timeout=60_000)
        v1_src = page.locator("#preview-frame").get_attribute("src")
        to_chat(page, size)
        expect(page.locator("#change-label")).to_have_text("Change v1")
        expect(page.locator("#change-applies")).to_contain_text(
            "The records you typed into the preview come along"
        )
        page.fill("#change", "add a rating to recipes")
        chat_scroll = page.evaluate("document.getElementById('chat').scrollTop")
        form_top = (page.locator("#change-form").bounding_box() or {})["y"]
        record_statuses(page)
        page.click("#change-submit")
        expect(page.locator("#job-status")).to_be_focused()  # focus goes to the status
        # while v2 is built, v1 stays on screen under a veil; then v2 takes its place
        expect(page.locator("#job-status")).to_have_text("Done: v2 is ready.", timeout=60_000)
        assert "Building v2…" in page.evaluate("window.seen.veil")
        assert page.evaluate("window.seen.status")[0] == "Loading…"
        expect(page.locator("#preview-frame")).not_to_have_attribute("src", v1_src or "")
        expect(app.get_by_role("form", name="Recipe form").get_by_label("Rating")).to_be_visible(
            timeout=60_000
        )
        expect(page.locator("#veil")).to_be_hidden()
        job_shown(page)  # v2's end drawn in full: the place kept is measured on the final page
        to_chat(page, size)
        assert page.evaluate("document.getElementById('chat').scrollTop") == chat_scroll
        if size == "desk":  # the place is kept: the form moved by a line of the plan at most
            assert abs((page.locator("#change-form").bounding_box() or {})["y"] - form_top) <= 25
        expect(page.locator("#change-text")).to_have_text("v2: + rating on recipe")
        expect(page.locator("#change-label")).to_have_text("Change v2")
        # the versions: newest first, the current one badged and not offered for restore
        rows = page.locator("#versions li")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_have_attribute("data-version", "2")
        expect(rows.nth(0).locator(".badge.current")).to_have_text("current")
        expect(rows.nth(0).get_by_role("button", name="Restore v2")).to_have_count(0)
        expect(rows.nth(0).get_by_role("button", name="View v2")).to_have_count(0)
        # the diff: coloured, frontend first, a summary per file
        page.get_by_role("button", name="Diff of v2").click()
        expect(page.locator("#tab-diff")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#diff-title")).to_have_text("Changes in v2, against v1")
        expect(page.locator("#diff-summary li").first).to_contain_text("frontend/")
        expect(page.locator("#diff-summary")).to_contain_text("backend/app/models.py +2 −0")
        added = page.locator("#diff .add").first
        expect(added).to_be_visible()
        assert added.evaluate("(n) => getComputedStyle(n).backgroundColor") == "rgb(220, 252, 228)"
        snap(page, f"diff-{size}")
        page.click("#tab-preview")
        # an older version opens read-only with a way to restore it
        to_chat(page, size)
        page.get_by_role("button", name="View v1").click()
        expect(page.locator("#viewing-text")).to_contain_text("You are looking at v1")
        assert page.locator("#preview-frame").get_attribute("src") == v1_src
        expect(page.locator("#change-applies")).to_contain_text(
            "applies to v2, the newest version (restore v1 first"
        )
        page.click("#viewing-back")
        expect(page.locator("#viewing")).to_be_hidden()
        # restore asks first; cancel leaves everything as it was
        to_chat(page, size)
        page.get_by_role("button", name="Restore v1").click()
        expect(page.get_by_role("group", name="Restore v1?")).to_contain_text("Make v3 a copy of v1?")
        page.get_by_role("button", name="Cancel").click()
        expect(page.locator("#versions li")).to_have_count(2)
        # undo: one click back to v1, said as a restore, with no agents shown
        page.get_by_role("button", name="Undo v2: go back to v1").click()
        expect(page.locator("#job-status")).to_have_text(
            "Restored from v1: v3 has its files.", timeout=30_000
        )
        expect(page.locator("#agents-box")).to_be_hidden()
        expect(page.locator("#plan")).to_be_hidden()  # v2's plan does not describe v3
        expect(page.locator("#versions li")).to_have_count(3)
        expect(app.get_by_role("form", name="Recipe form").get_by_label("Rating")).to_have_count(
            0, timeout=60_000
        )
        snap(page, f"restored-{size}")
        # an older version's own address shows it read-only too, with the newest named
        v1_id = (v1_src or "").strip("/").split("/")[-1]
        page.goto(f"{svc.url}/jobs/{v1_id}")
        expect(page.locator("#viewing-text")).to_contain_text("You are looking at v1", timeout=30_000)
        expect(page.locator("#viewing-restore")).to_have_text("Restore v1")
        to_chat(page, size)
        expect(page.locator("#change-label")).to_have_text("Change v3")
        # the recent list shows the app once, with its versions
        page.goto(svc.url)
        expect(page.locator("#recent-list li")).to_have_count(1)
        expect(page.locator("#recent-list li")).to_contain_text("Recipe Book")
        expect(page.locator("#recent-list li")).to_contain_text("3 versions")
    finally:
        svc.stop()


@pytest.mark.parametrize("size", SIZES)
def test_the_page_says_what_was_not_made_and_when_nothing_changed(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    size: str,
) -> None:
    from playwright.sync_api import expect

    svc = Service(tmp_path)
    try:
        page = browser.new_page(viewport=SIZES[size])
        build(page, svc.url, "A checkers game with move history and undo")
        status = page.locator("#job-status")
        expect(status).to_have_attribute("data-status", "partial", timeout=60_000)
        # no kind makes checkers: the nearest honest app, said as such (the run's fit is "none")
        expect(status).to_contain_text("Done, but not what you asked")
        note = page.locator("#truth")
        expect(note).to_be_visible()  # above the preview, where the phone shows it too
        expect(note).to_contain_text("the nearest app the templates make, Games (played on, opponent")
        expect(note).to_contain_text(
            "Not made: “the game itself (checkers game): its board, its rules and its moves”"
        )
        expect(note).to_contain_text("without “offline”")
        job_shown(page)  # else the page may turn the phone to the preview after the click on "Chat"
        snap(page, f"truth-{size}")
        # a change the templates do not understand changes nothing, and the page says so
        to_chat(page, size)
        record_statuses(page)
        page.fill("#change", "show a checkers board and let players undo")
        page.click("#change-submit")
        expect(status).to_have_attribute("data-status", "nochange", timeout=60_000)
        expect(status).to_have_text(
            "Nothing changed. The templates did not understand “let players undo”, “show a checkers board”."
            " Try a change they know, for example “add a rating to games”."
        )
        assert not [s for s in page.evaluate("window.seen.status") if s.startswith("Done")]
        assert page.title().startswith("Nothing changed · Checkers Game")
        job_shown(page)
        to_chat(page, size)
        newest = page.locator("#versions li").first
        expect(newest).to_have_attribute("data-version", "2")
        expect(newest.locator(".badge.quiet")).to_have_text("no change")
        expect(page.locator("#change-line")).to_be_hidden()  # nothing to undo
        newest.get_by_role("button", name="Diff of v2").click()
        expect(page.locator("#diff")).to_have_text("No files changed.")
        snap(page, f"nothing-changed-{size}")
    finally:
        svc.stop()


def test_without_keys_offline_is_ticked_and_said_once(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    svc = Service(tmp_path, GROQ_API_KEYS="")
    try:
        page = browser.new_page(viewport=SIZES["desk"])
        page.goto(svc.url)
        expect(page.locator("#offline")).to_be_checked()
        expect(page.locator("#offline-note")).to_contain_text("This service has no model keys")
        expect(page.locator("#offline-note")).to_contain_text("Todo List")
        page.fill("#prompt", "build a todo app")
        page.uncheck("#offline")  # even asked for models, the log says "no keys" once
        page.click("#submit")
        done(page)
        steps = page.locator("#steps li")
        assert [
            t for t in steps.all_text_contents() if "no model keys" in t.lower() or "no keys" in t.lower()
        ] == ["No model keys are configured: the agents use the offline templates."]
    finally:
        svc.stop()
