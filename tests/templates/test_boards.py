"""Two-sided boards (issue 28): postings one person makes and others answer (applications, bids,
offers), the poster moving each answer through its status flow. The request picks the kind and
its words; a one-person tracker ("track my job applications") keeps its own kind; and two
people in two browsers post, apply, withdraw and accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.templates.kinds.board import board_words
from pipeline.templates.render import render_frontend
from tests.templates.browser import shared_browser
from tests.templates.test_kinds import served, sign_up

CUES = [
    "a job board where companies post openings and candidates apply",
    "A recruitment platform where recruiters post roles and candidates apply.",
    "A freelance marketplace where clients post projects and freelancers bid on them.",
    "A tutoring platform where tutors post lessons and students apply.",
]
TRACKERS = ["track my job applications", "a job application tracker", "a job hunt tracker with interviews"]


@pytest.mark.parametrize("request_text", CUES)
def test_the_cue_picks_the_board_and_it_fits(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert (plan.kind, plan.fit, plan.unmet) == ("board", "full", [])
    assert "accounts" in plan.features


@pytest.mark.parametrize("request_text", TRACKERS)
def test_one_persons_job_tracker_keeps_its_kind(request_text: str) -> None:
    assert extract_spec(request_text).kind == "jobs"


@pytest.mark.parametrize(
    ("request_text", "postings", "answers"),
    [(CUES[0], "jobs", "applications"), (CUES[2], "projects", "bids"), (CUES[3], "lessons", "applications"),
     ("A marketplace where sellers list used bikes and buyers make offers.", "listings", "offers")],
)  # fmt: skip
def test_the_words_come_from_the_request_and_the_view_says_them(
    request_text: str, postings: str, answers: str
) -> None:
    plan = extract_spec(request_text)
    words = board_words(plan.summary)
    assert (words.postings, words.answers) == (postings, answers)
    view = render_frontend(plan, build_design(plan)).files["frontend/src/views/BoardView.jsx"]
    assert f'"postings": "{postings}"' in view and f'"answers": "{answers}"' in view


TUNE = [
    row
    for line in (Path(__file__).resolve().parents[2] / "bench" / "corpus" / "outside_tune.jsonl")
    .read_text()
    .splitlines()
    if (row := json.loads(line))["kind"].split("|")[0] == "board"
]


def test_the_tune_half_has_three_board_requests_or_more() -> None:
    assert len(TUNE) >= 3


@pytest.mark.parametrize("row", TUNE, ids=lambda r: r["id"])
def test_each_tune_board_request_gets_the_board_and_says_full(row: dict[str, str]) -> None:
    plan = extract_spec(row["request"])
    assert (plan.kind, plan.fit) == ("board", "full")


@pytest.mark.slow
def test_two_people_post_apply_and_accept_in_two_browsers(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with served(tmp_path, CUES[0], "/") as base:
        browser = shared_browser()
        try:
            employer = browser.new_context().new_page()
            candidate = browser.new_context().new_page()  # another person: their own session
            employer.goto(base + "/#/board")
            sign_up(employer, "hiring@example.com")
            employer.get_by_label("Title").fill("Backend developer")
            employer.get_by_label("Details").fill("Python and SQL, three days a week")
            employer.get_by_role("button", name="Post job").click()
            expect(employer.get_by_role("status")).to_have_text("Your job is posted.")
            employer.get_by_label("Title").fill("Data analyst")
            employer.get_by_role("button", name="Post job").click()
            expect(employer.get_by_role("listitem", name="Data analyst", exact=True)).to_be_visible()

            candidate.goto(base + "/#/board")
            sign_up(candidate, "ada@example.com")
            job = candidate.get_by_role("listitem", name="Backend developer", exact=True)
            expect(job).to_contain_text("Posted by hiring@example.com")
            job.get_by_label("Your application").fill("Five years of Python; I can start Monday.")
            job.get_by_role("button", name="Apply").click()
            expect(candidate.get_by_role("status")).to_have_text(
                "Your application for Backend developer is sent."
            )
            mine = candidate.get_by_role("listitem", name="Your application for Backend developer")
            expect(mine).to_contain_text("submitted")
            expect(job.get_by_role("button", name="Apply")).to_have_count(0)
            # an application taken back before the employer decides: theirs alone to see
            other = candidate.get_by_role("listitem", name="Data analyst", exact=True)
            other.get_by_label("Your application").fill("Maybe this one")
            other.get_by_role("button", name="Apply").click()
            withdrawn = candidate.get_by_role("listitem", name="Your application for Data analyst")
            withdrawn.get_by_role("button", name="Withdraw").click()
            expect(withdrawn).to_contain_text("withdrawn")
            expect(withdrawn.get_by_role("button", name="Withdraw")).to_have_count(0)

            employer.reload()
            received = employer.get_by_role("listitem", name="ada@example.com for Backend developer")
            expect(received).to_contain_text("I can start Monday")
            expect(employer.get_by_role("listitem", name="ada@example.com for Data analyst")).to_have_count(0)
            received.get_by_role("button", name="Shortlist").click()
            expect(received).to_contain_text("shortlisted")
            received.get_by_role("button", name="Accept").click()
            expect(employer.get_by_role("status")).to_have_text("ada@example.com's application is accepted.")
            expect(received.get_by_role("button")).to_have_count(0)  # final: no more moves
            expect(employer.get_by_role("listitem", name="Backend developer", exact=True)).to_contain_text(
                "closed"
            )

            candidate.reload()
            expect(mine).to_contain_text("accepted")
            expect(mine.get_by_role("button", name="Withdraw")).to_have_count(0)  # decided: no taking it back
            # the candidate sees no answers to postings of theirs, and cannot move their own
            expect(candidate.get_by_text("No applications to your jobs yet.")).to_be_visible()
            employer.screenshot(path=str(tmp_path / "board.png"), full_page=True)
        finally:
            for context in browser.contexts:  # two people's; the browser stays for the module
                context.close()


def test_a_board_signs_people_in_even_when_the_plan_forgot_accounts() -> None:
    plan = extract_spec(CUES[0])
    plan = plan.model_copy(update={"features": [f for f in plan.features if f != "accounts"]})
    files = render_frontend(plan, build_design(plan)).files
    assert "AuthView" in files["frontend/src/App.jsx"] and "getToken" in files["frontend/src/api.js"]
