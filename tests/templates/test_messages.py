"""Messages between users (issue 28): the request picks the kind by what people do (chat,
message each other, in a group, a room or channels), a contact form or a reminder keeps its own
kind, the app's own suite covers the rules, and two people in two browsers write, read and
answer with the unread count going up and back to 0, then talk in a group with a third."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import generate
from pipeline.templates import extract_spec
from tests.templates.browser import shared_browser
from tests.templates.test_kinds import served, sign_up, suite_passes
from tests.templates.test_kinds_catalogue import _post

CUES = [
    "a chat between users",
    "an app for direct messages",
    "a messaging app",
    "a community site where members send messages to other members",
    "a platform where neighbours can message each other",
]
GROUPS = [
    "a group chat app for my family",
    "chat rooms for our gaming community",
    "a team chat with channels",
    "a group messaging app for our choir",
    "an app where friends create group chats and invite each other by email",
]
OTHERS = [
    "a contact form for my bakery",
    "send an email reminder before each appointment",
    "notifications for my team",
    "a tracker for the youtube channels I follow",
    "a booking system for meeting rooms",
]


@pytest.mark.parametrize("request_text", CUES + GROUPS)
def test_the_cue_picks_messages_and_it_fits(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert (plan.kind, plan.fit, plan.unmet) == ("messages", "full", [])
    assert "accounts" in plan.features


@pytest.mark.parametrize("request_text", OTHERS)
def test_a_contact_form_a_reminder_or_notifications_are_no_messages(request_text: str) -> None:
    assert extract_spec(request_text).kind != "messages"


TUNE = [
    row
    for line in (Path(__file__).resolve().parents[2] / "bench" / "corpus" / "outside_tune.jsonl")
    .read_text()
    .splitlines()
    if (row := json.loads(line))["kind"].split("|")[0] == "messages"
]


def test_the_tune_half_has_three_messages_requests_or_more() -> None:
    assert len(TUNE) >= 3


@pytest.mark.parametrize("row", TUNE, ids=lambda r: r["id"])
def test_each_tune_messages_request_gets_messages_and_says_full(row: dict[str, str]) -> None:
    plan = extract_spec(row["request"])
    assert (plan.kind, plan.fit) == ("messages", "full")


def test_the_apps_own_suite_covers_the_rules(tmp_path: Path) -> None:
    project = tmp_path / "app"
    summary = generate(CUES[2], out=project)
    assert summary.status == "succeeded" and not [d for d in summary.diagnostics if d.severity == "error"]
    assert suite_passes(project, "tests/test_conversations.py") >= 9


@pytest.mark.slow
def test_two_people_write_read_and_answer_in_two_browsers(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with served(tmp_path, CUES[2], "/") as base:
        browser = shared_browser()
        try:
            ada = browser.new_context().new_page()
            bo = browser.new_context().new_page()  # another person: their own session
            bo.goto(base + "/#/messages")
            sign_up(bo, "bo@example.com")
            expect(bo.get_by_text("No conversations yet.")).to_be_visible()
            ada.goto(base + "/#/messages")
            sign_up(ada, "ada@example.com")
            ada.get_by_label("Message someone (their email)").fill("bo@example.com")
            ada.get_by_role("button", name="Start conversation").click()
            ada.get_by_label("Your message").fill("Lunch at noon?")
            ada.get_by_role("button", name="Send").click()
            expect(ada.get_by_role("list", name="Messages")).to_contain_text("Lunch at noon?")

            # bo's list polls: the new conversation arrives with one unread message
            with_ada = bo.get_by_role("button", name="Conversation with ada@example.com")
            expect(with_ada).to_contain_text("Lunch at noon?")
            expect(with_ada.get_by_label("1 unread")).to_have_text("1")
            with_ada.click()
            expect(bo.get_by_role("list", name="Messages")).to_contain_text("Lunch at noon?")
            expect(with_ada.get_by_label("1 unread")).to_have_count(0)
            bo.get_by_label("Your message").fill("Yes, see you there")
            bo.get_by_role("button", name="Send").click()

            # ada's open thread polls too: the answer arrives without a reload
            expect(ada.get_by_role("list", name="Messages")).to_contain_text("Yes, see you there")

            # a group chat: ada names it and bo; cy, signed up elsewhere, is added once it is made
            register = {"email": "cy@example.com", "password": "correct horse battery"}
            _post(base, "/api/auth/register", register)
            ada.get_by_label("Group name").fill("Hiking club")
            ada.get_by_label("Members (their emails, comma-separated)").fill("bo@example.com")
            ada.get_by_role("button", name="Start group").click()
            expect(ada.get_by_role("heading", name="Hiking club")).to_be_visible()
            ada.get_by_label("Add someone (their email)").fill("cy@example.com")
            ada.get_by_role("button", name="Add to group").click()
            members = ada.get_by_label("Members", exact=True)
            expect(members).to_have_text("ada@example.com, bo@example.com, cy@example.com")
            ada.get_by_label("Your message").fill("Saturday at 8?")
            ada.get_by_role("button", name="Send").click()
            group = bo.get_by_role("button", name="Group Hiking club")
            expect(group.get_by_label("1 unread")).to_have_text("1")
            group.click()
            expect(bo.get_by_role("list", name="Messages")).to_contain_text("Saturday at 8?")
            expect(bo.get_by_role("list", name="Messages")).to_contain_text("ada@example.com")  # who wrote it
            bo.screenshot(path=str(tmp_path / "messages.png"), full_page=True)
        finally:
            for context in browser.contexts:  # two people's; the browser stays for the module
                context.close()
