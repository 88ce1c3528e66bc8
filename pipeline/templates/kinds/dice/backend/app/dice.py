"""Dice, rolled on the server with the operating system's randomness (the page cannot choose its
own numbers), each roll kept so the history and the totals are the server's."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime
from typing import Any

from app.rules import Invalid

from app.db import Database

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


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


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
    with _connect(db) as conn:
        cursor = conn.execute(
            'INSERT INTO "dice_rolls" (player, count, sides, faces, total, created_at) VALUES (?, ?, ?, ?, ?, ?)',
            (name, count, sides, ",".join(map(str, faces)), sum(faces), datetime.now().isoformat(timespec="seconds")),
        )
        row = conn.execute('SELECT * FROM "dice_rolls" WHERE id = ?', (cursor.lastrowid,)).fetchone()
    return _roll(row)


def history(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute('SELECT * FROM "dice_rolls" ORDER BY id DESC LIMIT ?', (max(1, min(limit, 100)),)).fetchall()
    return [_roll(row) for row in rows]


def stats(db: Database) -> list[dict[str, Any]]:
    """Per player: rolls, the best total, the average total."""
    with _connect(db) as conn:
        rows = conn.execute(
            'SELECT player, COUNT(*) AS rolls, MAX(total) AS best, ROUND(AVG(total), 2) AS average '
            'FROM "dice_rolls" GROUP BY player ORDER BY best DESC, player ASC LIMIT 100'
        ).fetchall()
    return [{"player": r["player"], "rolls": r["rolls"], "best": r["best"], "average": float(r["average"])} for r in rows]
