"""A quiz whose answers stay on the server: a game draws five questions, each answer is checked
here and counted once, and the scores on the leaderboard are the server's."""

from __future__ import annotations

import json
import random
from typing import Any

from app.db import Database
from app.games import GameTable, player_name
from app.rules import NotFound, Refused

PER_GAME = 5
# (question, choices, index of the right choice); edit these to make the quiz your own.
QUESTIONS: tuple[tuple[str, tuple[str, str, str, str], int], ...] = (
    ("Which planet is closest to the Sun?", ("Venus", "Mercury", "Mars", "Earth"), 1),
    ("How many continents are there?", ("5", "6", "7", "8"), 2),
    ("What is the chemical symbol for gold?", ("Ag", "Gd", "Go", "Au"), 3),
    ("Which ocean is the largest?", ("Pacific", "Atlantic", "Indian", "Arctic"), 0),
    ("How many sides does a hexagon have?", ("5", "6", "7", "8"), 1),
    ("What is the freezing point of water in Celsius?", ("0", "32", "100", "-10"), 0),
    ("Which gas do plants take in from the air?", ("Oxygen", "Nitrogen", "Carbon dioxide", "Helium"), 2),
    ("What is 12 × 12?", ("124", "144", "132", "156"), 1),
    ("Which is the longest river in Africa?", ("Congo", "Niger", "Zambezi", "Nile"), 3),
    ("How many minutes are in a day?", ("1,440", "1,200", "3,600", "2,400"), 0),
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS "quiz_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "answered" TEXT NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL
)
"""


GAMES = GameTable("quiz_games", SCHEMA)


def start(db: Database, player: str) -> dict[str, Any]:
    name = player_name(player)
    drawn = random.SystemRandom().sample(range(len(QUESTIONS)), PER_GAME)
    with GAMES.connect(db) as conn:
        game = GAMES.create(conn, player=name, questions=json.dumps(drawn), answered="[]")
    questions = [{"question_id": i + 1, "text": QUESTIONS[i][0], "choices": list(QUESTIONS[i][1])} for i in drawn]
    return {"game_id": game["id"], "player": name, "questions": questions}


def answer(db: Database, game_id: int, question_id: int, choice: int) -> dict[str, Any]:
    with GAMES.connect(db) as conn:
        row = GAMES.load(conn, game_id)
        drawn, answered = json.loads(row["questions"]), json.loads(row["answered"])
        index = question_id - 1
        if index not in drawn:
            raise NotFound("that question is not in this game")
        if index in answered:
            raise Refused("that question is already answered")
        right = QUESTIONS[index][2]
        score = row["score"] + int(choice == right)
        answered.append(index)
        GAMES.save(conn, game_id, answered=json.dumps(answered), score=score)
    return {"correct": choice == right, "answer": right, "score": score, "answered": len(answered),
            "finished": len(answered) == len(drawn)}  # fmt: skip


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return GAMES.leaderboard(db, {"best": "MAX(score)", "games": "COUNT(*)"}, order="best DESC")
