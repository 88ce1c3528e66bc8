"""A word game (guess the five-letter word in six tries), judged on the server: the word never
leaves it until the game ends, each guess is scored here (green: right place, yellow: in the word,
grey: not in it), and wins are the server's to count."""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

from app.db import Database
from app.games import FINISHED, PLAYING, GameTable, player_name
from app.rules import Invalid

TRIES = 6
# edit to make the game your own: five-letter words, lower case
WORDS = (
    "apple", "beach", "brain", "bread", "chair", "chess", "cloud", "dance", "dream", "earth", "field", "flame",
    "fruit", "ghost", "grape", "heart", "house", "juice", "light", "lemon", "music", "night", "ocean", "party",
    "piano", "plant", "queen", "river", "robot", "salad", "smile", "snake", "spoon", "storm", "sugar", "table",
    "tiger", "toast", "train", "water", "whale", "world",
)  # fmt: skip
SCHEMA = """
CREATE TABLE IF NOT EXISTS "word_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "word" TEXT NOT NULL,
    "guesses" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
)
"""
GAMES = GameTable("word_games", SCHEMA)


def score(guess: str, word: str) -> str:
    """One letter per position: ``g`` right place, ``y`` elsewhere in the word, ``-`` not (a
    letter counts as often as the word holds it)."""
    marks = ["-"] * len(word)
    left = Counter(w for g, w in zip(guess, word, strict=True) if g != w)
    for i, (g, w) in enumerate(zip(guess, word, strict=True)):
        if g == w:
            marks[i] = "g"
        elif left[g] > 0:
            marks[i] = "y"
            left[g] -= 1
    return "".join(marks)


def _state(row: Any) -> dict[str, Any]:
    guesses = json.loads(row["guesses"])
    over = row["status"] != PLAYING
    return {"game_id": row["id"], "player": row["player"], "status": row["status"], "tries_left": TRIES - len(guesses),
            "guesses": [{"word": g, "marks": score(g, row["word"])} for g in guesses],
            "answer": row["word"] if over else ""}  # fmt: skip


def new_game(db: Database, player: str) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        return _state(GAMES.create(conn, player=player_name(player), word=random.SystemRandom().choice(WORDS),
                                   guesses="[]", status=PLAYING))  # fmt: skip


def guess(db: Database, game_id: int, word: str) -> dict[str, Any]:
    attempt = word.strip().lower()
    if len(attempt) != 5 or not attempt.isascii() or not attempt.isalpha():
        raise Invalid("a guess is a word of five letters")
    with GAMES.connect(db) as conn:
        row = GAMES.playing(conn, game_id)
        guesses = [*json.loads(row["guesses"]), attempt]
        status = "won" if attempt == row["word"] else "lost" if len(guesses) >= TRIES else PLAYING
        return _state(GAMES.save(conn, game_id, guesses=json.dumps(guesses), status=status))


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return GAMES.leaderboard(db, {"wins": "SUM(status = 'won')", "played": "COUNT(*)"}, order="wins DESC, played ASC",
                             where=FINISHED)  # fmt: skip
