"""A word game (guess the five-letter word in six tries), judged on the server: the word never
leaves it until the game ends, each guess is scored here (green: right place, yellow: in the word,
grey: not in it), and wins are the server's to count."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from datetime import datetime
from typing import Any

from app.rules import Invalid, NotFound, Refused

from app.db import Database

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


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


def _state(row: Any) -> dict[str, Any]:
    guesses = json.loads(row["guesses"])
    over = row["status"] != "playing"
    return {"game_id": row["id"], "player": row["player"], "status": row["status"], "tries_left": TRIES - len(guesses),
            "guesses": [{"word": g, "marks": score(g, row["word"])} for g in guesses],
            "answer": row["word"] if over else ""}  # fmt: skip


def new_game(db: Database, player: str) -> dict[str, Any]:
    name = player.strip()
    if not name:
        raise Invalid("a player needs a name")
    with _connect(db) as conn:
        cursor = conn.execute(
            'INSERT INTO "word_games" (player, word, guesses, status, created_at) VALUES (?, ?, ?, ?, ?)',
            (name, random.SystemRandom().choice(WORDS), "[]", "playing", datetime.now().isoformat(timespec="seconds")),
        )
        row = conn.execute('SELECT * FROM "word_games" WHERE id = ?', (cursor.lastrowid,)).fetchone()
    return _state(row)


def guess(db: Database, game_id: int, word: str) -> dict[str, Any]:
    attempt = word.strip().lower()
    if len(attempt) != 5 or not attempt.isascii() or not attempt.isalpha():
        raise Invalid("a guess is a word of five letters")
    with _connect(db) as conn:
        row = conn.execute('SELECT * FROM "word_games" WHERE id = ?', (game_id,)).fetchone()
        if row is None:
            raise NotFound(f"game {game_id} not found")
        if row["status"] != "playing":
            raise Refused(f"the game is over: {row['status']}")
        guesses = [*json.loads(row["guesses"]), attempt]
        status = "won" if attempt == row["word"] else "lost" if len(guesses) >= TRIES else "playing"
        conn.execute(
            'UPDATE "word_games" SET guesses = ?, status = ? WHERE id = ?', (json.dumps(guesses), status, game_id)
        )
        row = conn.execute('SELECT * FROM "word_games" WHERE id = ?', (game_id,)).fetchone()
    return _state(row)


def leaderboard(db: Database) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute(
            "SELECT player, SUM(status = 'won') AS wins, COUNT(*) AS played FROM \"word_games\" "
            "WHERE status != 'playing' GROUP BY player ORDER BY wins DESC, played ASC, player ASC LIMIT 100"
        ).fetchall()
    return [{"player": r["player"], "wins": r["wins"], "played": r["played"]} for r in rows]
