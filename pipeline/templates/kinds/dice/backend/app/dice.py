"""Dice, rolled on the server with the operating system's randomness (the page cannot choose its
own numbers), each roll kept so the history and the totals are the server's."""

from __future__ import annotations

import secrets
from typing import Any

from app.db import Database
from app.games import GameTable
from app.rules import Invalid

SIDES = (4, 6, 8, 10, 12, 20, 100)
SCHEMA = """
CREATE TABLE IF NOT EXISTS "dice_rolls" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "player" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "sides" INTEGER NOT NULL,
    "faces" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL
)
"""
ROLLS = GameTable("dice_rolls", SCHEMA, noun="roll")


def _roll(row: Any) -> dict[str, Any]:
    return {
        "roll_id": row["id"], "player": row["player"], "count": row["count"], "sides": row["sides"],
        "faces": [int(f) for f in row["faces"].split(",")], "total": row["total"],
    }  # fmt: skip


def roll(db: Database, player: str | None, count: int, sides: int) -> dict[str, Any]:
    if sides not in SIDES:
        raise Invalid(f"dice have {', '.join(map(str, SIDES))} sides")
    if not 1 <= count <= 20:
        raise Invalid("roll 1 to 20 dice at once")
    name = (player or "").strip() or "anonymous"  # the name is optional
    faces = [secrets.randbelow(sides) + 1 for _ in range(count)]
    with ROLLS.connect(db) as conn:
        return _roll(ROLLS.create(conn, player=name, count=count, sides=sides, faces=",".join(map(str, faces)),
                                  total=sum(faces)))  # fmt: skip


def history(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    with ROLLS.connect(db) as conn:
        rows = conn.execute('SELECT * FROM "dice_rolls" ORDER BY id DESC LIMIT ?', (max(1, min(limit, 100)),)).fetchall()
    return [_roll(row) for row in rows]


def stats(db: Database) -> list[dict[str, Any]]:
    """Per player: rolls, the best total, the average total."""
    ranked = {"rolls": "COUNT(*)", "best": "MAX(total)", "average": "ROUND(AVG(total), 2)"}
    return [{**row, "average": float(row["average"])} for row in ROLLS.leaderboard(db, ranked, order="best DESC")]
