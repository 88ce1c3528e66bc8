"""The kind is chosen by what the request is about: its subject's head and its main verbs. A word
that only qualifies another ("a hotel's linen", "pet owners"), says whose app it is ("a rota for
a restaurant") or is named once in passing makes no kind; two sides posting and answering make a
board; a website that only shows a business's things is a brochure. Sentences of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.kind_cues import kind_scores

OWN_CORPUS = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "requests.jsonl"


def kinds_named(request: str) -> set[str]:
    return {kind.key for _, kind in kind_scores(request.lower())}


@pytest.mark.parametrize(
    ("request_text", "kind", "not_named"),
    [
        # a possessive qualifies the noun after it: the linen is kept, not the hotel's rooms booked
        ("A website for a hotel's linen inventory: sheets, towels and how many are left.", "inventory", "booking"),
        # the first half of a compound qualifies the second
        ("A meeting-notes tool for a small team.", "notes", "events"),
        # a singular noun before a noun of people is that noun's qualifier
        ("Dog walkers and pet owners agree on walks.", "generic", "pets"),
        # a singular noun before a noun that closes a heading
        ("A system for the school bus: which kids ride and at which stop they get off.", "generic", "school"),
        # a gerund after an article qualifies its noun: "a tutoring company" is no booking
        ("Please build a website for a tutoring company that shows its tutors, prices and reviews.", "site", "booking"),
    ],
)  # fmt: skip
def test_a_word_that_qualifies_another_makes_no_kind(request_text: str, kind: str, not_named: str) -> None:
    assert not_named not in kinds_named(request_text)
    assert extract_spec(request_text).kind == kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        ("A shift rota for a small restaurant: staff swap shifts with each other.", "generic"),
        ("A mileage log for school coaches that adds up the miles driven each month.", "generic"),
        # who is let do things is whose app it is
        ("An app that allows a school to send newsletters to parents.", "generic"),
        # the people who use it are no customer: they are what it is about
        ("A software that allows employees to request time off and managers to approve it.", "hr"),
        # what follows "for my" is what the log keeps, not whose it is
        ("A feeding log for my pets.", "pets"),
        # a head that names a kind keeps what follows: the plants are what the reminders are of
        ("Please build a website for watering reminders for the plants in our lab.", "plants"),
    ],
)  # fmt: skip
def test_whose_app_it_is_counts_as_in_passing(request_text: str, kind: str) -> None:
    assert extract_spec(request_text).kind == kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # a noun named once in passing, while the subject names a thing of its own
        ("A scoreboard app for a hockey league where referees enter goals and penalties.", "generic"),
        # a kind with rules named by a noun after an article is not asked: "the vote", not "vote"
        ("A record of society minutes noting who came and how the vote ended.", "generic"),
        # the object of a keeping verb is what the app keeps, though named after the subject
        ("A bookkeeping helper. It records every expense with a date.", "expense"),
        ("My choir keeps its repertoire; each song has a composer and a key.", "music"),
        # an activity on the thing is no qualifier: "meal-planning" is about meals
        ("A meal-planning app for my family.", "meals"),
        # the means right after the subject
        ("Learn capital cities with flash cards.", "flashcards"),
        ("A wedding planner with guest list, RSVPs and seating.", "events"),
        # an item of what a keeping verb keeps
        ("Petpal is an app for dog owners that keeps vaccination dates and vet visits.", "pets"),
        # a kind with rules asked by its verb, once, in passing
        ("Cat sitting: sitters say when they are free and owners book a sitter.", "booking"),
    ],
)  # fmt: skip
def test_the_subject_or_the_main_verb_decides(request_text: str, kind: str) -> None:
    assert extract_spec(request_text).kind == kind


@pytest.mark.parametrize(
    "request_text",
    [
        "Gardeners post jobs around the house and handymen bid on them.",
        "Landlords list flats and tenants make an offer.",
        "Drivers offer seats on their commute and others ask for a ride.",
        "Clubs post volunteering days, and volunteers browse and sign up for the ones they like.",
        "Parents post the afternoons they need help and pick a nanny.",
        "Visitors browse the horses up for loan and apply to ride one.",
    ],
)
def test_two_sides_posting_and_answering_make_a_board(request_text: str) -> None:
    assert extract_spec(request_text).kind == "board"


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        ("Please build a website for a bike workshop with its opening hours, prices and a map.", "site"),
        ("Please build a website for a riding stable that shows its horses, lessons and prices.", "site"),
        # what it has is a kind with rules: that kind, not a brochure
        ("Please build a website for my yoga studio with online booking of classes.", "booking"),
        # whose site names a kind of its own
        ("Please build a website for a pet hotel's guest records with the owners' phone numbers.", "pets"),
    ],
)  # fmt: skip
def test_a_website_that_shows_a_business_is_a_brochure(request_text: str, kind: str) -> None:
    assert extract_spec(request_text).kind == kind


def test_our_own_corpus_keeps_its_kinds() -> None:
    rows = [json.loads(line) for line in OWN_CORPUS.read_text().splitlines() if line.strip()]
    wrong = [(r["request"], extract_spec(r["request"]).kind, r["kind"]) for r in rows]
    assert [w for w in wrong if w[1] != w[2]] == []
