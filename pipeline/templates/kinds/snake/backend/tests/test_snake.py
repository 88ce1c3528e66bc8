"""Snake's scores on the server: one per run, checked against the time played, ranked."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from app.snake import finish, most_food

GAMES, SCORES = "/api/snake/games", "/api/snake/scores"


def test_the_most_food_grows_with_the_time_played() -> None:
    assert most_food(0) == 1
    assert most_food(4) == 11
    assert most_food(60) == 151
    assert most_food(-5) == 1


def test_a_score_is_taken_once(client: TestClient) -> None:
    run = client.post(GAMES, json={"player": "Ada"}).json()
    first = client.post(SCORES, json={"game_id": run["game_id"], "score": 1})
    assert first.status_code == 200 and first.json()["best"] == 1
    assert client.post(SCORES, json={"game_id": run["game_id"], "score": 1}).status_code == 409
    assert client.post(SCORES, json={"game_id": 999, "score": 0}).status_code == 404


def test_a_score_too_high_for_the_time_is_refused(client: TestClient) -> None:
    run = client.post(GAMES, json={"player": "Ada"}).json()
    refused = client.post(SCORES, json={"game_id": run["game_id"], "score": 500})
    assert refused.status_code == 422 and "more than a snake can eat" in refused.json()["detail"]


def test_a_long_run_may_score_high_and_leads_the_board(client: TestClient) -> None:
    slow = client.post(GAMES, json={"player": "Bo"}).json()
    later = datetime.fromisoformat(slow["started_at"]) + timedelta(seconds=60)
    got = finish(client.app.state.db, slow["game_id"], 120, now=later)  # type: ignore[attr-defined]
    assert got["score"] == 120 and got["seconds"] == 60.0
    quick = client.post(GAMES, json={"player": "Ada"}).json()
    client.post(SCORES, json={"game_id": quick["game_id"], "score": 0})
    board = client.get("/api/snake/leaderboard").json()
    assert board[0] == {"player": "Bo", "best": 120, "runs": 1} and board[1]["player"] == "Ada"
