"""The flashcard flow end to end with a capable model: a generation whose bug a fix round finds
from the evidence, an edit that adds one operation, and a fix round's delete that holds."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.capable import flashcards
from tests.capable.app import build_faults, capable_settings, ok, readme_operations, run, running, unusable

pytestmark = pytest.mark.slow


def days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


async def test_flashcards_generation_fix_edit_and_delete(tmp_path: Path) -> None:
    settings = capable_settings(tmp_path / "data")
    out = tmp_path / "flashcards"
    models = flashcards.models()
    summary, events = await run(flashcards.REQUEST, out, settings, models)
    assert unusable(events) == []
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.fix_rounds == 1
    fixed = models.by_agent["backend"].log[-1]
    assert "ZeroDivisionError" in fixed.prompt and "if recent else 0.0" in fixed.answer
    [advised] = models.by_agent["debug"].log  # DEBUG's advice, from the traceback, reached the fix
    assert "ZeroDivisionError" in advised.prompt and "Advice: week_reviews divides" in fixed.prompt
    with running(out) as client:
        card = ok(client.post("/api/cards", json={"front": "hola", "back": "hello"}), 201)
        other = ok(client.post("/api/cards", json={"front": "adiós", "back": "bye"}), 201)
        assert {c["id"] for c in ok(client.get("/api/cards/due"))} == {card["id"], other["id"]}
        assert ok(client.get("/api/reviews/week")) == {"count": 0, "good_share": 0.0}
        assert ok(client.post("/api/cards/review", json={"card_id": card["id"], "rating": "good"})) == {
            "id": card["id"], "due": days(3)}  # fmt: skip
        assert ok(client.post("/api/cards/review", json={"card_id": other["id"], "rating": "again"})) == {
            "id": other["id"], "due": days(0)}  # fmt: skip
        assert [c["id"] for c in ok(client.get("/api/cards/due"))] == [other["id"]]
        later = ok(client.get("/api/cards/due", params={"on": days(3)}))
        assert sorted(c["id"] for c in later) == [card["id"], other["id"]]
        assert ok(client.get("/api/reviews/week")) == {"count": 2, "good_share": 0.5}
        assert client.post("/api/cards/review", json={"card_id": 999, "rating": "easy"}).status_code == 404

    summary, events = await run(flashcards.CHANGE, out, settings, models, change=True)
    assert unusable(events) == []
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.fix_rounds == 1
    deleted = models.by_agent["backend"].log[-1]
    assert '<delete path="backend/tests/test_intervals.py"/>' in deleted.answer
    assert "(backend/app/scheduling.py defines it)" in models.by_agent["debug"].log[-1].prompt
    assert not (out / "backend" / "tests" / "test_intervals.py").exists()
    assert (out / "backend" / "app" / "scheduling.py").is_file()
    with running(out) as client:
        assert ok(client.get("/api/reviews/streak")) == {"days": 0}
        card = ok(client.post("/api/cards", json={"front": "gato", "back": "cat"}), 201)
        for rating, after in (("easy", 7), ("hard", 1)):
            reviewed = client.post("/api/cards/review", json={"card_id": card["id"], "rating": rating})
            assert ok(reviewed) == {"id": card["id"], "due": days(after)}
        assert ok(client.get("/api/reviews/streak")) == {"days": 1}
        assert ok(client.get("/api/reviews/week")) == {"count": 2, "good_share": 0.5}
        assert ok(client.get("/api/cards/due")) == []
        assert ok(client.get("/api/reviews/week")) != {}
    listed, contract = readme_operations(out)
    assert listed == contract and {"due_cards", "review_card", "week_reviews", "review_streak"} <= contract
    operations = (out / "backend" / "app" / "routes" / "operations.py").read_text()
    assert "pipeline: stub" not in operations and "if recent else 0.0" in operations
    assert "reviewStreak" in (out / "frontend" / "src" / "views" / "StudyView.jsx").read_text()

    # a third edit changes an operation's answer: the deleted test stays deleted through the merge
    summary, events = await run(flashcards.BACKS, out, settings, models, change=True)
    assert unusable(events) == []
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.fix_rounds == 0
    assert not (out / "backend" / "tests" / "test_intervals.py").exists()
    assert "backend/tests/test_intervals.py" not in (out / ".pipeline" / "project.json").read_text()
    with running(out) as client:
        card = ok(client.post("/api/cards", json={"front": "perro", "back": "dog"}), 201)
        assert ok(client.get("/api/cards/due")) == [
            {"id": card["id"], "front": "perro", "due": None, "back": "dog"}
        ]
        assert ok(client.post("/api/cards/review", json={"card_id": card["id"], "rating": "good"}))[
            "due"
        ] == days(3)
        assert ok(client.get("/api/reviews/streak")) == {"days": 1}
        assert ok(client.get("/api/reviews/week")) == {"count": 1, "good_share": 1.0}
    listed, contract = readme_operations(out)
    assert listed == contract and {"due_cards", "review_card", "week_reviews", "review_streak"} <= contract
    assert build_faults(out) == []  # the views the model wrote build
