"""Memory (pairs), dealt on the server: the deck stays here, a turn shows two faces, pairs stay
up, and the moves that cleared the board are the server's count, so the page cannot peek or
claim a score it did not play."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime
from typing import Any

from app.rules import Invalid, NotFound, Refused

from app.db import Database

FACES = ("apple", "bell", "cherry", "diamond", "flower", "heart", "moon", "star")
SCHEMA = """
CREATE TABLE IF NOT EXISTS "memory_games" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "deck" TEXT NOT NULL,
    "matched" TEXT NOT NULL,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
)
"""
_shuffle = random.SystemRandom().shuffle


def deal() -> list[str]:
    deck = [*FACES, *FACES]
    _shuffle(deck)
    return deck


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


def _state(row: Any) -> dict[str, Any]:
    deck, matched = json.loads(row["deck"]), json.loads(row["matched"])
    return {
        "game_id": row["id"], "player": row["player"], "moves": row["moves"], "status": row["status"],
        "matched": matched, "cards": [deck[i] if i in matched else "" for i in range(len(deck))],
    }  # fmt: skip


def new_game(db: Database, player: str, deck: list[str] | None = None) -> dict[str, Any]:
    name = player.strip()
    if not name:
        raise Invalid("a player needs a name")
    with _connect(db) as conn:
        cursor = conn.execute(
            'INSERT INTO "memory_games" (player, deck, matched, moves, status, created_at) VALUES (?, ?, ?, 0, ?, ?)',
            (name, json.dumps(deck or deal()), "[]", "playing", datetime.now().isoformat(timespec="seconds")),
        )
        row = conn.execute('SELECT * FROM "memory_games" WHERE id = ?', (cursor.lastrowid,)).fetchone()
    return _state(row)


def turn(db: Database, game_id: int, first: int, second: int) -> dict[str, Any]:
    with _connect(db) as conn:
        row = conn.execute('SELECT * FROM "memory_games" WHERE id = ?', (game_id,)).fetchone()
        if row is None:
            raise NotFound(f"game {game_id} not found")
        if row["status"] != "playing":
            raise Refused("the board is already cleared")
        deck, matched = json.loads(row["deck"]), json.loads(row["matched"])
        if first == second:
            raise Refused("turn two different cards")
        if not (0 <= first < len(deck) and 0 <= second < len(deck)):
            raise Invalid(f"cards are 0 to {len(deck) - 1}")
        if first in matched or second in matched:
            raise Refused("that card is already matched")
        pair = deck[first] == deck[second]
        if pair:
            matched = sorted([*matched, first, second])
        status = "won" if len(matched) == len(deck) else "playing"
        moves = row["moves"] + 1
        conn.execute(
            'UPDATE "memory_games" SET matched = ?, moves = ?, status = ? WHERE id = ?',
            (json.dumps(matched), moves, status, game_id),
        )
    return {
        "game_id": game_id, "first": deck[first], "second": deck[second], "pair": int(pair), "moves": moves,
        "status": status, "matched": matched,
    }  # fmt: skip


def leaderboard(db: Database) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute(
            "SELECT player, MIN(moves) AS best_moves, COUNT(*) AS games FROM \"memory_games\" "
            "WHERE status = 'won' GROUP BY player ORDER BY best_moves ASC, player ASC LIMIT 100"
        ).fetchall()
    return [{"player": r["player"], "best_moves": r["best_moves"], "games": r["games"]} for r in rows]
