"""Snake: the game runs in the page, the score does not. The server starts each run, keeps its
start time, and takes one score per run, no more than the snake could have eaten in the time
played (the page moves one cell per tick; food needs at least MIN_SECONDS_PER_FOOD)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from app.rules import Invalid, NotFound, Refused

from app.db import Database

MIN_SECONDS_PER_FOOD = 0.4
SCHEMA = """
CREATE TABLE IF NOT EXISTS "snake_runs" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "finished_at" TEXT,
    "score" INTEGER
)
"""


def most_food(seconds: float) -> int:
    """The highest score a run of ``seconds`` can honestly reach."""
    return int(max(seconds, 0.0) / MIN_SECONDS_PER_FOOD) + 1


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


def start(db: Database, player: str) -> dict[str, Any]:
    name = player.strip()
    if not name:
        raise Invalid("a player needs a name")
    now = datetime.now().isoformat()
    with _connect(db) as conn:
        cursor = conn.execute('INSERT INTO "snake_runs" (player, started_at) VALUES (?, ?)', (name, now))
    return {"game_id": cursor.lastrowid, "player": name, "started_at": now}


def finish(db: Database, game_id: int, score: int, now: datetime | None = None) -> dict[str, Any]:
    with _connect(db) as conn:
        row = conn.execute('SELECT * FROM "snake_runs" WHERE id = ?', (game_id,)).fetchone()
        if row is None:
            raise NotFound(f"run {game_id} not found")
        if row["finished_at"] is not None:
            raise Refused("this run already has its score")
        ended = now or datetime.now()
        seconds = (ended - datetime.fromisoformat(row["started_at"])).total_seconds()
        if score > most_food(seconds):
            raise Invalid(f"{score} is more than a snake can eat in {seconds:.0f} seconds"
            )
        conn.execute(
            'UPDATE "snake_runs" SET finished_at = ?, score = ? WHERE id = ?', (ended.isoformat(), score, game_id)
        )
        best = conn.execute(
            'SELECT MAX(score) FROM "snake_runs" WHERE player = ? AND score IS NOT NULL', (row["player"],)
        ).fetchone()[0]
    return {"game_id": game_id, "player": row["player"], "score": score, "seconds": round(seconds, 1), "best": best}


def leaderboard(db: Database) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute(
            'SELECT player, MAX(score) AS best, COUNT(*) AS runs FROM "snake_runs" WHERE score IS NOT NULL '
            "GROUP BY player ORDER BY best DESC, player ASC LIMIT 100"
        ).fetchall()
    return [{"player": r["player"], "best": r["best"], "runs": r["runs"]} for r in rows]
