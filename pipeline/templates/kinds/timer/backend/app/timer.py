"""Pomodoro and stopwatch sessions timed by the server's clock: one runs at a time, a stop is
measured here, and the day's minutes per mode are the server's sums."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from app.rules import Invalid, NotFound, Refused

from app.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS "timer_sessions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "label" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "planned_minutes" INTEGER NOT NULL,
    "started_at" TEXT NOT NULL,
    "ended_at" TEXT,
    "seconds" INTEGER
)
"""
DEFAULT_MINUTES = {"focus": 25, "break": 5, "stopwatch": 0}


def elapsed_seconds(started_at: str, ended_at: str) -> int:
    """Whole seconds between two ISO times (never negative: a clock set back counts as zero)."""
    return max(0, int((datetime.fromisoformat(ended_at) - datetime.fromisoformat(started_at)).total_seconds()))


def totals(rows: Iterable[tuple[str, str, int]]) -> list[dict[str, Any]]:
    """(started_at, mode, seconds) of finished sessions → sessions and minutes per day and mode."""
    sums: dict[tuple[str, str], list[float]] = {}
    for started_at, mode, seconds in rows:
        entry = sums.setdefault((started_at[:10], mode), [0, 0.0])
        entry[0] += 1
        entry[1] += seconds / 60
    return [
        {"day": day, "mode": mode, "sessions": int(count), "minutes": round(minutes, 1)}
        for (day, mode), (count, minutes) in sorted(sums.items(), reverse=True)
    ]


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


def _row(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in ("label", "mode", "planned_minutes", "started_at", "ended_at", "seconds")} | {
        "session_id": row["id"]
    }


def _stop_running(conn: sqlite3.Connection, now: str) -> None:
    for row in conn.execute('SELECT id, started_at FROM "timer_sessions" WHERE ended_at IS NULL').fetchall():
        conn.execute(
            'UPDATE "timer_sessions" SET ended_at = ?, seconds = ? WHERE id = ?',
            (now, elapsed_seconds(row["started_at"], now), row["id"]),
        )


def start(db: Database, label: str | None, mode: str, planned_minutes: int | None = 0) -> dict[str, Any]:
    if mode not in DEFAULT_MINUTES:
        raise Invalid("mode is focus, break or stopwatch")
    now = datetime.now().isoformat(timespec="seconds")
    with _connect(db) as conn:
        _stop_running(conn, now)
        cursor = conn.execute(
            'INSERT INTO "timer_sessions" (label, mode, planned_minutes, started_at) VALUES (?, ?, ?, ?)',
            ((label or "").strip() or mode, mode, planned_minutes or DEFAULT_MINUTES[mode], now),
        )
        row = conn.execute('SELECT * FROM "timer_sessions" WHERE id = ?', (cursor.lastrowid,)).fetchone()
    return _row(row)


def stop(db: Database, session_id: int) -> dict[str, Any]:
    now = datetime.now().isoformat(timespec="seconds")
    with _connect(db) as conn:
        row = conn.execute('SELECT * FROM "timer_sessions" WHERE id = ?', (session_id,)).fetchone()
        if row is None:
            raise NotFound(f"session {session_id} not found")
        if row["ended_at"] is not None:
            raise Refused("that session is already stopped")
        conn.execute(
            'UPDATE "timer_sessions" SET ended_at = ?, seconds = ? WHERE id = ?',
            (now, elapsed_seconds(row["started_at"], now), session_id),
        )
        row = conn.execute('SELECT * FROM "timer_sessions" WHERE id = ?', (session_id,)).fetchone()
    return _row(row)


def summary(db: Database) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute(
            'SELECT started_at, mode, seconds FROM "timer_sessions" WHERE ended_at IS NOT NULL'
        ).fetchall()
    return totals((r["started_at"], r["mode"], r["seconds"]) for r in rows)
