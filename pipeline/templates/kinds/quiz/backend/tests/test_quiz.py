"""The quiz on the server: five distinct questions with no answers in them, answers checked and
counted once, the best score on the leaderboard."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.quiz import QUESTIONS

GAMES, ANSWERS = "/api/quiz/games", "/api/quiz/answers"


def _right(question_id: int) -> int:
    return QUESTIONS[question_id - 1][2]


def test_a_game_draws_five_distinct_questions_without_their_answers(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    ids = [q["question_id"] for q in game["questions"]]
    assert len(ids) == len(set(ids)) == 5
    assert all(len(q["choices"]) == 4 and set(q) == {"question_id", "text", "choices"} for q in game["questions"])


def test_answers_are_checked_and_scored_once(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    gid, (q1, q2, *rest) = game["game_id"], [q["question_id"] for q in game["questions"]]
    good = client.post(ANSWERS, json={"game_id": gid, "question_id": q1, "choice": _right(q1)}).json()
    assert good == {"correct": True, "answer": _right(q1), "score": 1, "answered": 1, "finished": False}
    bad = client.post(ANSWERS, json={"game_id": gid, "question_id": q2, "choice": (_right(q2) + 1) % 4}).json()
    assert bad["correct"] is False and bad["score"] == 1 and bad["answer"] == _right(q2)
    again = client.post(ANSWERS, json={"game_id": gid, "question_id": q1, "choice": _right(q1)})
    assert again.status_code == 409
    for q in rest:
        last = client.post(ANSWERS, json={"game_id": gid, "question_id": q, "choice": _right(q)}).json()
    assert last["finished"] is True and last["score"] == 4


def test_a_question_outside_the_game_is_refused(client: TestClient) -> None:
    game = client.post(GAMES, json={"player": "Ada"}).json()
    outside = next(i for i in range(1, len(QUESTIONS) + 1) if i not in {q["question_id"] for q in game["questions"]})
    answer = client.post(ANSWERS, json={"game_id": game["game_id"], "question_id": outside, "choice": 0})
    assert answer.status_code == 404


def test_the_leaderboard_keeps_each_players_best(client: TestClient) -> None:
    for player, right in (("Ada", 5), ("Bo", 2), ("Ada", 1)):
        game = client.post(GAMES, json={"player": player}).json()
        for n, q in enumerate(game["questions"]):
            choice = _right(q["question_id"]) if n < right else (_right(q["question_id"]) + 1) % 4
            client.post(ANSWERS, json={"game_id": game["game_id"], "question_id": q["question_id"], "choice": choice})
    board = client.get("/api/quiz/leaderboard").json()
    assert board == [{"player": "Ada", "best": 5, "games": 2}, {"player": "Bo", "best": 2, "games": 1}]
