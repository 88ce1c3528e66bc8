"""The word game on the server: guesses scored letter by letter (repeated letters counted as the
word holds them), the word hidden until the end, six tries, wins counted."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import app.word_game as game
from app.word_game import score

GAMES, GUESSES = "/api/word-game/games", "/api/word-game/guesses"


@pytest.mark.parametrize(
    ("guess", "word", "marks"),
    [("apple", "apple", "ggggg"), ("plane", "apple", "yyy-g"), ("level", "hello", "yg--y"),
     ("eerie", "there", "y-y-g"), ("ghost", "apple", "-----")],
)  # fmt: skip
def test_guesses_are_scored_letter_by_letter(guess: str, word: str, marks: str) -> None:
    assert score(guess, word) == marks


def test_the_word_stays_hidden_until_the_game_is_won(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(game, "WORDS", ("apple",))
    started = client.post(GAMES, json={"player": "Ada"}).json()
    assert started["answer"] == "" and started["tries_left"] == 6
    miss = client.post(GUESSES, json={"game_id": started["game_id"], "word": "plane"}).json()
    assert miss["guesses"] == [{"word": "plane", "marks": "yyy-g"}] and miss["answer"] == ""
    won = client.post(GUESSES, json={"game_id": started["game_id"], "word": "APPLE"}).json()
    assert won["status"] == "won" and won["answer"] == "apple"
    assert client.post(GUESSES, json={"game_id": started["game_id"], "word": "apple"}).status_code == 409


def test_six_misses_lose_and_bad_guesses_are_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(game, "WORDS", ("apple",))
    gid = client.post(GAMES, json={"player": "Bo"}).json()["game_id"]
    assert client.post(GUESSES, json={"game_id": gid, "word": "abc"}).status_code == 422
    assert client.post(GUESSES, json={"game_id": gid, "word": "héllo"}).status_code == 422
    for _ in range(6):
        last = client.post(GUESSES, json={"game_id": gid, "word": "ghost"}).json()
    assert last["status"] == "lost" and last["tries_left"] == 0 and last["answer"] == "apple"
    assert client.get("/api/word-game/leaderboard").json() == [{"player": "Bo", "wins": 0, "played": 1}]
