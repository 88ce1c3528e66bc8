"""A flashcard app with spaced repetition, answered as a capable model would: a due-today list
under the cards' own path (``GET /api/cards/due``, which ``/api/cards/{item_id}`` must not take)
and a review whose example names card 1."""

from __future__ import annotations

import json

REQUEST = "flashcards with spaced repetition: rate a card and it comes back later; show what is due today"

CORE = json.dumps(
    {
        "app_name": "Flashcards",
        "kind": "generic",
        "slug": "flashcards",
        "summary": "Cards with a front and a back; rating a card schedules its next review.",
        "features": [],
        "entities": [
            {
                "name": "card",
                "plural": "cards",
                "label": "Card",
                "plural_label": "Cards",
                "title_field": "front",
                "fields": [
                    {"name": "front", "type": "string", "required": True},
                    {"name": "back", "type": "text", "required": True},
                    {"name": "due", "type": "date", "required": False},
                ],
            }
        ],
    }
)

DUE = {
    "method": "get",
    "path": "/api/cards/due",
    "operation_id": "due_cards",
    "summary": "Cards due for review",
    "description": "Cards whose due date is on or before `on` (today when not given), or that have none.",
    "entity": "card",
    "query": [{"name": "on", "schema": {"type": "string", "format": "date"}, "required": False}],
    "response": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "front": {"type": "string"}, "due": {"type": "string"}},
            "required": ["id", "front"],
        },
    },
}

REVIEW = {
    "method": "post",
    "path": "/api/cards/review",
    "operation_id": "review_card",
    "summary": "Rate a card",
    "description": "Rate card `card_id` again/hard/good/easy: it is due again 0, 1, 3 or 7 days from today. 404 for an unknown card.",
    "entity": "card",
    "request": {
        "type": "object",
        "properties": {
            "card_id": {"type": "integer", "example": 1},
            "rating": {"type": "string", "enum": ["again", "hard", "good", "easy"], "example": "good"},
        },
        "required": ["card_id", "rating"],
    },
    "response": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "due": {"type": "string", "format": "date"}},
        "required": ["id", "due"],
    },
}

ARCH = json.dumps({"operations": [DUE, REVIEW]})

BACKEND = """<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
from app.db import Database
=======
from datetime import timedelta

from app.db import TABLES, Database

CARDS = TABLES["cards"]
DAYS = {"again": 0, "hard": 1, "good": 3, "easy": 7}
>>>>>>> REPLACE
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="due_cards is not implemented yet")  # pipeline: stub
=======
    day = (on or date.today()).isoformat()
    cards = db.list(CARDS, q=None, filters={}, limit=100_000, offset=0)
    return [c for c in cards if not c["due"] or c["due"] <= day]
>>>>>>> REPLACE
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="review_card is not implemented yet")  # pipeline: stub
=======
    if db.get(CARDS, body.card_id) is None:
        raise HTTPException(status_code=404, detail=f"card {body.card_id} not found")
    due = date.today() + timedelta(days=DAYS[body.rating])
    saved = db.update(CARDS, body.card_id, {"due": due})
    assert saved is not None
    return {"id": saved["id"], "due": saved["due"]}
>>>>>>> REPLACE
</edit>
<file path="backend/tests/test_review.py">
from datetime import date, timedelta

from fastapi.testclient import TestClient


def test_a_rated_card_comes_back_after_its_interval(client: TestClient) -> None:
    card = client.post("/api/cards", json={"front": "hola", "back": "hello"}).json()
    answer = client.post("/api/cards/review", json={"card_id": card["id"], "rating": "easy"})
    assert answer.status_code == 200
    assert answer.json()["due"] == (date.today() + timedelta(days=7)).isoformat()
    assert client.get("/api/cards/due").json() == []


def test_an_unknown_card_is_404(client: TestClient) -> None:
    assert client.post("/api/cards/review", json={"card_id": 99, "rating": "good"}).status_code == 404
</file>
"""
