"""Snake: the game runs in the page, the score does not. The server starts each run, keeps its
start time, and takes one score per run, no more than the snake could have eaten in the time
played (the page moves one cell per tick; food needs at least MIN_SECONDS_PER_FOOD)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.db import Database
from app.games import GameTable, player_name
from app.rules import Invalid, Refused

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
RUNS = GameTable("snake_runs", SCHEMA, noun="run", stamped=False)


def most_food(seconds: float) -> int:
    """The highest score a run of ``seconds`` can honestly reach."""
    return int(max(seconds, 0.0) / MIN_SECONDS_PER_FOOD) + 1


def start(db: Database, player: str) -> dict[str, Any]:
    with RUNS.connect(db) as conn:
        run = RUNS.create(conn, player=player_name(player), started_at=datetime.now().isoformat())
    return {"game_id": run["id"], "player": run["player"], "started_at": run["started_at"]}


def finish(db: Database, game_id: int, score: int, now: datetime | None = None) -> dict[str, Any]:
    with RUNS.connect(db) as conn:
        row = RUNS.load(conn, game_id)
        if row["finished_at"] is not None:
            raise Refused("this run already has its score")
        ended = now or datetime.now()
        seconds = (ended - datetime.fromisoformat(row["started_at"])).total_seconds()
        if score > most_food(seconds):
            raise Invalid(f"{score} is more than a snake can eat in {seconds:.0f} seconds")
        RUNS.save(conn, game_id, finished_at=ended.isoformat(), score=score)
        best = conn.execute(
            'SELECT MAX(score) FROM "snake_runs" WHERE player = ? AND score IS NOT NULL', (row["player"],)
        ).fetchone()[0]
    return {"game_id": game_id, "player": row["player"], "score": score, "seconds": round(seconds, 1), "best": best}


def leaderboard(db: Database) -> list[dict[str, Any]]:
    return RUNS.leaderboard(db, {"best": "MAX(score)", "runs": "COUNT(*)"}, order="best DESC", where="score IS NOT NULL")
