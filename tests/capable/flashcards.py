"""A flashcard app with spaced repetition, answered by a capable model from each prompt.

Generation: three operations (the cards due on a day, a review rated again/hard/good/easy that
brings the card back after 0, 1, 3 or 7 days, and the reviews of the last seven days). The
weekly count divides by the number of reviews, so it fails on an empty database: the contract
test catches it, and the fix round mends it from the traceback it is shown. The edit "add a
daily streak" adds one operation and moves the intervals into a helper module, which breaks the
model's own test of them: the fix round deletes that obsolete test.
"""

from __future__ import annotations

import json
import re

from tests.capable.model import (
    CapableChat,
    CapableModels,
    asked,
    edit,
    findings,
    line_with,
    need,
    shown_file,
    whole,
)

REQUEST = (
    "flashcards with spaced repetition: rate a card again, hard, good or easy and it comes back "
    "after 0, 1, 3 or 7 days; show the cards due today and how many reviews I did this week"
)
CHANGE = "add a daily streak: how many days in a row I have reviewed, up to today"
BACKS = "show each due card's back too, so I can check my answer"

OPS = "backend/app/routes/operations.py"

PLAN = {
    "app_name": "Flashcards", "slug": "flashcards", "kind": "generic",
    "summary": "Cards with a front and a back; rating a card schedules its next review.",
    "features": ["due_dates"], "pages": ["cards", "study"],
    "entities": [
        {"name": "card", "plural": "cards", "label": "Card", "plural_label": "Cards", "title_field": "front",
         "fields": [{"name": "front", "type": "string", "required": True},
                    {"name": "back", "type": "text", "required": True},
                    {"name": "due", "type": "date", "required": False}]},
        {"name": "review", "plural": "reviews", "label": "Review", "plural_label": "Reviews",
         "title_field": "rating",
         "fields": [{"name": "card_id", "type": "reference", "references": "card", "required": True},
                    {"name": "rating", "type": "string", "required": True,
                     "choices": ["again", "hard", "good", "easy"]},
                    {"name": "reviewed_on", "type": "date", "required": True}]},
    ],
}  # fmt: skip

DUE = {
    "method": "get", "path": "/api/cards/due", "operation_id": "due_cards", "entity": "card",
    "summary": "Cards due for review",
    "description": "Cards whose due date is on or before `on` (today when not given), or that have none.",
    "query": [{"name": "on", "schema": {"type": "string", "format": "date"}, "required": False}],
    "response": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "front": {"type": "string"}, "due": {"type": "string", "format": "date"}},
        "required": ["id", "front"]}},
}  # fmt: skip
REVIEW = {
    "method": "post", "path": "/api/cards/review", "operation_id": "review_card", "entity": "card",
    "summary": "Rate a card",
    "description": "Rate card `card_id` again/hard/good/easy: it is due again 0, 1, 3 or 7 days from "
    "today, and the review is saved with today's date. 404 for an unknown card.",
    "request": {"type": "object", "properties": {
        "card_id": {"type": "integer", "example": 1},
        "rating": {"type": "string", "enum": ["again", "hard", "good", "easy"], "example": "good"}},
        "required": ["card_id", "rating"]},
    "response": {"type": "object", "properties": {"id": {"type": "integer"},
                 "due": {"type": "string", "format": "date"}}, "required": ["id", "due"]},
}  # fmt: skip
WEEK = {
    "method": "get", "path": "/api/reviews/week", "operation_id": "week_reviews", "entity": "review",
    "summary": "Reviews this week",
    "description": "How many reviews were made in the last 7 days (today included), and the share of "
    "them rated good or easy.",
    "response": {"type": "object", "properties": {"count": {"type": "integer"}, "good_share": {"type": "number"}},
                 "required": ["count", "good_share"]},
}  # fmt: skip
STREAK = {
    "method": "get", "path": "/api/reviews/streak", "operation_id": "review_streak", "entity": "review",
    "summary": "Daily streak",
    "description": "How many days in a row, ending today, have at least one review (0 when today has none).",
    "response": {"type": "object", "properties": {"days": {"type": "integer"}}, "required": ["days"]},
}  # fmt: skip


def core(prompt: str) -> str:
    if "Current plan:" in prompt:  # an edit: the plan already holds what a streak needs
        need(asked(prompt) in (CHANGE, BACKS), "CORE is not told the change")
        current = json.loads(prompt.split("Current plan:\n", 1)[1].split("\n\n", 1)[0])
        return json.dumps(current)
    need("spaced repetition" in prompt, "CORE is not told the request")
    return json.dumps(PLAN)


def arch(prompt: str) -> str:
    if "The change asked for:" in prompt:
        need('"operation_id":"week_reviews"' in prompt, "ARCH in an edit is not shown the operations")
        if asked(prompt) == BACKS:  # the due list's answer lacks the back: change its response
            need('"operation_id":"due_cards"' in prompt, "ARCH in an edit is not shown the operations")
            items = DUE["response"]["items"]  # type: ignore[index]
            back = {**items, "properties": {**items["properties"], "back": {"type": "string"}}}
            return json.dumps({"changed": [{**DUE, "response": {"type": "array", "items": back}}]})
        need(asked(prompt) == CHANGE, "ARCH is not told the change")
        return json.dumps({"added": [STREAK], "changed": [], "removed": []})
    need(REQUEST in prompt, "ARCH is not given the user's request")
    need("/api/cards" in prompt and "/api/reviews" in prompt, "ARCH is not shown the CRUD routes")
    return json.dumps({"operations": [DUE, REVIEW, WEEK]})


def backend(prompt: str) -> str:
    if "These checks failed" in prompt:
        return backend_fix(prompt)
    if asked(prompt) == BACKS:
        ops = shown_file(prompt, OPS)
        # the rule returns whole rows; the response model, now with `back`, picks the fields
        need("return [c for c in cards" in ops and "back: str" in ops, "the changed operation is not shown")
        need("The change altered these operations: due_cards." in prompt, "BACKEND is not told what changed")
        need(
            '<file path="backend/tests/test_review.py">' in prompt,
            "the changed operation's tests are not shown whole",
        )
        return "<no-changes/>"
    if asked(prompt) == CHANGE:
        return backend_streak(prompt)
    ops = shown_file(prompt, OPS)
    need("ISO text" in prompt, "BACKEND is not told how db.py stores dates")
    need("def make(client: TestClient, plural: str" in prompt, "BACKEND is not shown conftest's fixtures")
    stub = "is not implemented yet"
    return (
        edit(
            OPS,
            (
                line_with(ops, "from app.db import Database"),
                "from datetime import timedelta\n\nfrom app.db import TABLES, Database\n\n"
                'CARDS, REVIEWS = TABLES["cards"], TABLES["reviews"]\n'
                'DAYS = {"again": 0, "hard": 1, "good": 3, "easy": 7}',
            ),
            (
                line_with(ops, f"due_cards {stub}"),
                "    day = (on or date.today()).isoformat()\n"
                "    cards = db.list(CARDS, q=None, filters={}, limit=100_000, offset=0)\n"
                '    return [c for c in cards if not c["due"] or c["due"] <= day]',
            ),
            (
                line_with(ops, f"review_card {stub}"),
                "    if db.get(CARDS, body.card_id) is None:\n"
                '        raise HTTPException(status_code=404, detail=f"card {body.card_id} not found")\n'
                "    today = date.today()\n"
                '    db.insert(REVIEWS, {"card_id": body.card_id, "rating": body.rating, "reviewed_on": today})\n'
                '    saved = db.update(CARDS, body.card_id, {"due": today + timedelta(days=DAYS[body.rating])})\n'
                "    assert saved is not None\n"
                '    return {"id": saved["id"], "due": saved["due"]}',
            ),
            # the mistake: a share of nothing divides by zero
            (
                line_with(ops, f"week_reviews {stub}"),
                "    since = (date.today() - timedelta(days=6)).isoformat()\n"
                "    reviews = db.list(REVIEWS, q=None, filters={}, limit=100_000, offset=0)\n"
                '    recent = [r for r in reviews if r["reviewed_on"] >= since]\n'
                '    good = sum(1 for r in recent if r["rating"] in ("good", "easy"))\n'
                '    return {"count": len(recent), "good_share": good / len(recent)}',
            ),
        )
        + whole("backend/tests/test_review.py", TEST_REVIEW)
        + whole("backend/tests/test_intervals.py", TEST_INTERVALS)
    )


TEST_REVIEW = """
from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.conftest import make


def test_each_rating_brings_the_card_back_after_its_interval(client: TestClient) -> None:
    for rating, days in (("again", 0), ("hard", 1), ("good", 3), ("easy", 7)):
        card = make(client, "cards", due=None)
        answer = client.post("/api/cards/review", json={"card_id": card["id"], "rating": rating})
        assert answer.status_code == 200, answer.text
        assert answer.json()["due"] == (date.today() + timedelta(days=days)).isoformat()


def test_due_lists_cards_up_to_the_day(client: TestClient) -> None:
    card = make(client, "cards", due=None)
    client.post("/api/cards/review", json={"card_id": card["id"], "rating": "good"})
    assert client.get("/api/cards/due").json() == []
    later = (date.today() + timedelta(days=3)).isoformat()
    assert [c["id"] for c in client.get("/api/cards/due", params={"on": later}).json()] == [card["id"]]


def test_an_unknown_card_is_404(client: TestClient) -> None:
    assert client.post("/api/cards/review", json={"card_id": 99, "rating": "good"}).status_code == 404


def test_the_week_counts_reviews_and_the_good_share(client: TestClient) -> None:
    card = make(client, "cards")
    for rating in ("good", "again"):
        client.post("/api/cards/review", json={"card_id": card["id"], "rating": rating})
    assert client.get("/api/reviews/week").json() == {"count": 2, "good_share": 0.5}
"""

TEST_INTERVALS = """
from app.routes.operations import DAYS


def test_the_intervals_are_0_1_3_7_days() -> None:
    assert DAYS == {"again": 0, "hard": 1, "good": 3, "easy": 7}
"""


def backend_fix(prompt: str) -> str:
    """From the evidence alone: the failing frame's line in the project's own file."""
    if "test_intervals.py" in findings(prompt):
        need("has no 'DAYS' (backend/app/scheduling.py defines it)" in findings(prompt),
             "the fix round does not say where the name is now")  # fmt: skip
        covered = shown_file(prompt, "backend/tests/test_scheduling.py")
        need("assert DAYS == {" in covered, "the fix round does not show the test that covers the name now")
        return '<delete path="backend/tests/test_intervals.py"/>\n'
    need("ZeroDivisionError" in prompt, "the fix round does not show the exception")
    frames = re.findall(r"(backend/app/\S+\.py):(\d+) in \w+", prompt)
    need(bool(frames), "the fix round's traceback names no file of the project")
    path, number = frames[-1][0], int(frames[-1][1])  # most recent call last
    source = shown_file(prompt, path)
    wrong = source.split("\n")[number - 1]
    need("/ len(recent)" in wrong, f"line {number} of {path} is not the division: {wrong!r}")
    need("Advice: week_reviews divides" in prompt, "DEBUG's advice is not passed on")
    return edit(path, (wrong, wrong.replace("good / len(recent)", "good / len(recent) if recent else 0.0")))


def backend_streak(prompt: str) -> str:
    ops = shown_file(prompt, OPS)
    need("good / len(recent)" in ops, "the edit does not show the operations as the model wrote them")
    need("review_streak is not implemented yet" in ops, "the new operation's stub is not shown")
    need("Outline of backend/tests/test_review.py" in prompt, "the edit does not show the model's tests")
    return (
        whole("backend/app/scheduling.py", SCHEDULING)
        + edit(
            OPS,
            (
                line_with(ops, "from app.db import TABLES, Database"),
                "from app.db import TABLES, Database\nfrom app.scheduling import next_due, streak",
            ),
            (line_with(ops, "DAYS = {"), ""),
            (
                line_with(ops, "timedelta(days=DAYS[body.rating])"),
                '    saved = db.update(CARDS, body.card_id, {"due": next_due(body.rating, today)})',
            ),
            (
                line_with(ops, "review_streak is not implemented yet"),
                "    reviews = db.list(REVIEWS, q=None, filters={}, limit=100_000, offset=0)\n"
                '    days = {date.fromisoformat(r["reviewed_on"]) for r in reviews}\n'
                '    return {"days": streak(days, date.today())}',
            ),
        )
        + whole("backend/tests/test_scheduling.py", TEST_SCHEDULING)
    )


SCHEDULING = '''
"""When a rated card comes back, and how long a run of review days is."""

from datetime import date, timedelta

DAYS = {"again": 0, "hard": 1, "good": 3, "easy": 7}


def next_due(rating: str, today: date) -> date:
    return today + timedelta(days=DAYS[rating])


def streak(days: set[date], today: date) -> int:
    """Days in a row with a review, ending today (0 when today has none)."""
    count = 0
    while today - timedelta(days=count) in days:
        count += 1
    return count
'''

TEST_SCHEDULING = """
from datetime import date, timedelta

from fastapi.testclient import TestClient

from app.scheduling import DAYS, next_due, streak
from tests.conftest import make

TODAY = date(2026, 3, 15)


def test_the_intervals_are_0_1_3_7_days() -> None:
    assert DAYS == {"again": 0, "hard": 1, "good": 3, "easy": 7}
    assert next_due("good", TODAY) == date(2026, 3, 18)


def test_a_streak_counts_days_in_a_row_up_to_today() -> None:
    days = {TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2), TODAY - timedelta(days=4)}
    assert streak(days, TODAY) == 3
    assert streak(days, TODAY + timedelta(days=1)) == 0


def test_the_streak_over_http(client: TestClient) -> None:
    assert client.get("/api/reviews/streak").json() == {"days": 0}
    card = make(client, "cards")
    client.post("/api/cards/review", json={"card_id": card["id"], "rating": "hard"})
    assert client.get("/api/reviews/streak").json() == {"days": 1}
"""


def debug(prompt: str) -> str:
    """Advice per failing file, from the findings and the code shown."""
    need("Findings:" in prompt, "DEBUG is not shown the findings")
    advice: dict[str, str] = {}
    if "ZeroDivisionError" in prompt.split("<file", 1)[0]:
        need(f'<file path="{OPS}">' in prompt, "DEBUG is not shown the code under test")
        advice[OPS] = "week_reviews divides by len(recent) with no reviews: answer good_share 0.0 then."
    if "test_intervals.py" in prompt.split("<file", 1)[0]:
        need(
            "DAYS = {" in shown_file(prompt, "backend/app/scheduling.py"), "DEBUG is not shown where DAYS is"
        )
        need("assert DAYS ==" in shown_file(prompt, "backend/tests/test_scheduling.py"), "nor the test of it")
        advice["backend/tests/test_intervals.py"] = (
            "DAYS moved to app/scheduling.py and tests/test_scheduling.py asserts the same intervals:"
            " this test is obsolete, delete it."
        )
    need(bool(advice), "DEBUG's findings name nothing it can advise on")
    return json.dumps({"advice": advice})


STUDY = """
import { useEffect, useState } from 'react';
import { dueCards, reviewCard, weekReviews } from '../api.js';

const RATINGS = ['again', 'hard', 'good', 'easy'];

export default function StudyView() {
  const [cards, setCards] = useState([]);
  const [week, setWeek] = useState(null);
  const [error, setError] = useState('');

  const load = () => {
    dueCards().then(setCards).catch((e) => setError(e.message));
    weekReviews().then(setWeek).catch((e) => setError(e.message));
  };
  useEffect(load, []);

  const rate = (card, rating) => {
    reviewCard({ card_id: card.id, rating }).then(load).catch((e) => setError(e.message));
  };

  return (
    <section className="card">
      <h2>Due today</h2>
      {error && <p className="error">{error}</p>}
      {week && <p>{week.count} reviews this week, {Math.round(week.good_share * 100)}% good or easy</p>}
      {cards.length === 0 && <p className="muted">Nothing due.</p>}
      <ul>
        {cards.map((card) => (
          <li key={card.id}>
            {card.front}{' '}
            {RATINGS.map((rating) => (
              <button key={rating} type="button" onClick={() => rate(card, rating)}>{rating}</button>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
"""


def uix(prompt: str) -> str:
    app = shown_file(prompt, "frontend/src/App.jsx")
    if asked(prompt) == BACKS:
        study = shown_file(prompt, "frontend/src/views/StudyView.jsx")
        need("back?: string" in prompt, "UIX is not told the due list's new shape")
        need("The change altered these API functions (see their shapes above): dueCards." in prompt,
             "UIX is not told which function changed")  # fmt: skip
        front = line_with(study, "{card.front}{' '}")
        return edit(
            "frontend/src/views/StudyView.jsx",
            (front, front.replace("{card.front}", "{card.front} — {card.back}")),
        )
    if asked(prompt) == CHANGE:
        study = shown_file(prompt, "frontend/src/views/StudyView.jsx")
        need("reviewStreak(" in prompt, "UIX is not told the new API function")
        return edit(
            "frontend/src/views/StudyView.jsx",
            (
                line_with(study, "import { dueCards"),
                "import { dueCards, reviewCard, reviewStreak, weekReviews } from '../api.js';",
            ),
            (
                line_with(study, "const [week, setWeek]"),
                "  const [week, setWeek] = useState(null);\n  const [streak, setStreak] = useState(null);",
            ),
            (
                line_with(study, "weekReviews().then"),
                "    weekReviews().then(setWeek).catch((e) => setError(e.message));\n"
                "    reviewStreak().then(setStreak).catch((e) => setError(e.message));",
            ),
            (
                line_with(study, "<h2>Due today</h2>"),
                "      <h2>Due today</h2>\n      {streak && <p>Streak: {streak.days} days</p>}",
            ),
        )
    for name in ("dueCards(", "reviewCard(", "weekReviews("):
        need(name in prompt, f"UIX is not told the API function {name}")
    return whole("frontend/src/views/StudyView.jsx", STUDY) + edit(
        "frontend/src/App.jsx",
        (
            line_with(app, "import CardView"),
            line_with(app, "import CardView") + "\nimport StudyView from './views/StudyView.jsx';",
        ),
        (
            line_with(app, '{ key: "cards"'),
            line_with(app, '{ key: "cards"') + '\n  { key: "study", label: "Study", View: StudyView },',
        ),
    )


def models() -> CapableModels:
    answers = {"core": core, "arch": arch, "backend": backend, "uix": uix, "debug": debug}
    return CapableModels({name: CapableChat(answer) for name, answer in answers.items()})
