"""Direct messages: a conversation is two signed-in people, and only they read or write in it.
Each person's unread count is the other's messages after the last one they read, so reading a
conversation marks it read for the reader alone. The rules take user ids and stay plain Python;
the web side finds the user from the session."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from fastapi import Request

from app.accounts import user_of
from app.db import Database
from app.rules import Invalid, NotFound, Refused

MAX_LENGTH = 2000
"""The longest message, in characters: plain text, shown as text, never as markup."""
SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS "dm_conversations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "low_id" INTEGER NOT NULL,
    "high_id" INTEGER NOT NULL,
    "low_read" INTEGER NOT NULL DEFAULT 0,
    "high_read" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL,
    UNIQUE ("low_id", "high_id")
)
""",
    """
CREATE TABLE IF NOT EXISTS "dm_messages" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "conversation_id" INTEGER NOT NULL REFERENCES "dm_conversations" ("id"),
    "sender_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
)
""",
)


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    for statement in SCHEMA:
        conn.execute(statement)
    return conn


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _side(row: sqlite3.Row, user_id: int) -> str:
    """Which column pair is this user's: 404 for anyone not in the conversation, so whether it
    exists is not theirs to learn."""
    if row["low_id"] == user_id:
        return "low"
    if row["high_id"] == user_id:
        return "high"
    raise NotFound(f"conversation {row['id']} not found")


def _mine(conn: sqlite3.Connection, conversation_id: int, user_id: int) -> tuple[sqlite3.Row, str]:
    row = conn.execute('SELECT * FROM "dm_conversations" WHERE id = ?', (conversation_id,)).fetchone()
    if row is None:
        raise NotFound(f"conversation {conversation_id} not found")
    return row, _side(row, user_id)


def _email(conn: sqlite3.Connection, user_id: int) -> str:
    row = conn.execute('SELECT email FROM "users" WHERE id = ?', (user_id,)).fetchone()
    return str(row["email"]) if row else "someone"


def _out(conn: sqlite3.Connection, row: sqlite3.Row, user_id: int) -> dict[str, Any]:
    side = _side(row, user_id)
    other = row["high_id"] if side == "low" else row["low_id"]
    last = conn.execute(
        'SELECT body, created_at FROM "dm_messages" WHERE conversation_id = ? ORDER BY id DESC LIMIT 1', (row["id"],)
    ).fetchone()
    unread = conn.execute(
        'SELECT COUNT(*) FROM "dm_messages" WHERE conversation_id = ? AND sender_id != ? AND id > ?',
        (row["id"], user_id, row[f"{side}_read"]),
    ).fetchone()[0]
    return {
        "conversation_id": row["id"],
        "other": _email(conn, other),
        "last_message": last["body"] if last else None,
        "last_at": last["created_at"] if last else None,
        "unread": unread,
    }


def _message_out(row: sqlite3.Row, sender: str, user_id: int) -> dict[str, Any]:
    return {
        "message_id": row["id"],
        "conversation_id": row["conversation_id"],
        "sender": sender,
        "mine": row["sender_id"] == user_id,
        "body": row["body"],
        "created_at": row["created_at"],
    }


def start(db: Database, user: dict[str, Any], email: str) -> dict[str, Any]:
    """The conversation between this user and the one with ``email``: made once, then found."""
    email = email.strip().lower()
    with _connect(db) as conn:
        found = conn.execute('SELECT id FROM "users" WHERE lower(email) = ?', (email,)).fetchone()
        if found is None:
            raise NotFound(f"nobody signs in as {email}")
        if found["id"] == user["user_id"]:
            raise Refused("a conversation needs someone else: you cannot message yourself")
        low, high = sorted((int(user["user_id"]), int(found["id"])))
        # the pair is unique: two people starting it at once still share one conversation
        conn.execute(
            'INSERT OR IGNORE INTO "dm_conversations" (low_id, high_id, created_at) VALUES (?, ?, ?)',
            (low, high, _now()),
        )
        row = conn.execute('SELECT * FROM "dm_conversations" WHERE low_id = ? AND high_id = ?', (low, high)).fetchone()
        return _out(conn, row, user["user_id"])


def conversations(db: Database, user: dict[str, Any]) -> list[dict[str, Any]]:
    """This user's conversations, the one with the latest message first."""
    with _connect(db) as conn:
        rows = conn.execute(
            'SELECT c.*, COALESCE(MAX(m.id), 0) AS latest FROM "dm_conversations" c '
            'LEFT JOIN "dm_messages" m ON m.conversation_id = c.id WHERE c.low_id = ? OR c.high_id = ? '
            "GROUP BY c.id ORDER BY latest DESC, c.id DESC",
            (user["user_id"], user["user_id"]),
        ).fetchall()
        return [_out(conn, row, user["user_id"]) for row in rows]


def thread(db: Database, user: dict[str, Any], conversation_id: int) -> list[dict[str, Any]]:
    """The messages, oldest first; reading them marks the conversation read for this user."""
    with _connect(db) as conn:
        _row, side = _mine(conn, conversation_id, user["user_id"])
        rows = conn.execute(
            'SELECT m.*, u.email FROM "dm_messages" m LEFT JOIN "users" u ON u.id = m.sender_id '
            "WHERE m.conversation_id = ? ORDER BY m.id",
            (conversation_id,),
        ).fetchall()
        if rows:
            # side is "low" or "high", never from the request
            conn.execute(f'UPDATE "dm_conversations" SET {side}_read = ? WHERE id = ?', (rows[-1]["id"], conversation_id))
        return [_message_out(row, row["email"] or "someone", user["user_id"]) for row in rows]


def send(db: Database, user: dict[str, Any], conversation_id: int, body: str) -> dict[str, Any]:
    body = body.strip()
    if not body:
        raise Invalid("a message needs some text")
    if len(body) > MAX_LENGTH:
        raise Invalid(f"a message is at most {MAX_LENGTH} characters")
    with _connect(db) as conn:
        _row, side = _mine(conn, conversation_id, user["user_id"])
        cursor = conn.execute(
            'INSERT INTO "dm_messages" (conversation_id, sender_id, body, created_at) VALUES (?, ?, ?, ?)',
            (conversation_id, user["user_id"], body, _now()),
        )
        # one's own message is read by its sender
        conn.execute(f'UPDATE "dm_conversations" SET {side}_read = ? WHERE id = ?', (cursor.lastrowid, conversation_id))
        row = conn.execute('SELECT * FROM "dm_messages" WHERE id = ?', (cursor.lastrowid,)).fetchone()
        return _message_out(row, user["email"], user["user_id"])


def signed_in(db: Database, request: Request) -> dict[str, Any]:
    """The signed-in user (401 before they sign in): every message is someone's."""
    return user_of(db, request)
