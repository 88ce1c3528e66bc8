"""Messages between signed-in people: a conversation of two, or a group chat with a name and
members added by email. Only a conversation's members read or write in it; to anyone else it is
404, as if it did not exist. Each member's unread count is the others' messages after the last
one they read, so reading marks it read for the reader alone. Two people have one conversation;
a group is made for more, and a conversation of two never takes a third. The rules take user ids
and stay plain Python; the web side finds the user from the session."""

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
MAX_MEMBERS = 50
"""The most people in one group chat, its maker included."""
MAX_NAME = 80
SCHEMA = (
    # low_id and high_id are a conversation of two's people (unique: one conversation per pair);
    # a group has neither, and a name
    """
CREATE TABLE IF NOT EXISTS "dm_conversations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "low_id" INTEGER,
    "high_id" INTEGER,
    "name" TEXT,
    "created_at" TEXT NOT NULL,
    UNIQUE ("low_id", "high_id")
)
""",
    """
CREATE TABLE IF NOT EXISTS "dm_members" (
    "conversation_id" INTEGER NOT NULL REFERENCES "dm_conversations" ("id"),
    "user_id" INTEGER NOT NULL,
    "last_read" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("conversation_id", "user_id")
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


_MINE = (
    'SELECT c.*, m.last_read FROM "dm_conversations" c '
    'JOIN "dm_members" m ON m.conversation_id = c.id AND m.user_id = ?'
)


def _mine(conn: sqlite3.Connection, conversation_id: int, user_id: int) -> sqlite3.Row:
    """The conversation with this member's last read message: 404 for anyone not in it, so
    whether it exists is not theirs to learn."""
    row: sqlite3.Row | None = conn.execute(f"{_MINE} WHERE c.id = ?", (user_id, conversation_id)).fetchone()
    if row is None:
        raise NotFound(f"conversation {conversation_id} not found")
    return row


def _user_id(conn: sqlite3.Connection, email: str) -> int:
    found = conn.execute('SELECT id FROM "users" WHERE lower(email) = ?', (email.strip().lower(),)).fetchone()
    if found is None:
        raise NotFound(f"nobody signs in as {email.strip().lower()}")
    return int(found["id"])


def _out(conn: sqlite3.Connection, row: sqlite3.Row, user_id: int) -> dict[str, Any]:
    members = [
        (int(m["user_id"]), str(m["email"] or "someone"))
        for m in conn.execute(
            'SELECT m.user_id, u.email FROM "dm_members" m LEFT JOIN "users" u ON u.id = m.user_id '
            "WHERE m.conversation_id = ? ORDER BY m.rowid",
            (row["id"],),
        )
    ]
    last = conn.execute(
        'SELECT body, created_at FROM "dm_messages" WHERE conversation_id = ? ORDER BY id DESC LIMIT 1', (row["id"],)
    ).fetchone()
    unread = conn.execute(
        'SELECT COUNT(*) FROM "dm_messages" WHERE conversation_id = ? AND sender_id != ? AND id > ?',
        (row["id"], user_id, row["last_read"]),
    ).fetchone()[0]
    group = row["name"] is not None
    return {
        "conversation_id": row["id"],
        "group": group,
        "name": row["name"],
        # a conversation of two is named by the other person
        "other": None if group else next((email for uid, email in members if uid != user_id), "someone"),
        "members": [email for _uid, email in members],
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
    with _connect(db) as conn:
        other = _user_id(conn, email)
        if other == user["user_id"]:
            raise Refused("a conversation needs someone else: you cannot message yourself")
        low, high = sorted((int(user["user_id"]), other))
        # the pair is unique: two people starting it at once still share one conversation
        conn.execute(
            'INSERT OR IGNORE INTO "dm_conversations" (low_id, high_id, created_at) VALUES (?, ?, ?)',
            (low, high, _now()),
        )
        found = conn.execute('SELECT id FROM "dm_conversations" WHERE low_id = ? AND high_id = ?', (low, high)).fetchone()
        conn.executemany(
            'INSERT OR IGNORE INTO "dm_members" (conversation_id, user_id) VALUES (?, ?)',
            [(found["id"], low), (found["id"], high)],
        )
        return _out(conn, _mine(conn, found["id"], user["user_id"]), user["user_id"])


def create_group(db: Database, user: dict[str, Any], name: str, emails: list[str]) -> dict[str, Any]:
    """A group chat named ``name`` of this user and the people with ``emails``: all of them
    must sign in here (404 names the first who does not, and nothing is made)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise Invalid(f"a group needs a name of 1 to {MAX_NAME} characters")
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if wanted == [user["email"].lower()] or not wanted:
        raise Invalid("a group needs someone else: add at least one other person's email")
    if len(wanted) + 1 > MAX_MEMBERS:
        raise Invalid(f"a group has at most {MAX_MEMBERS} people")
    with _connect(db) as conn:
        others = [uid for uid in dict.fromkeys(_user_id(conn, email) for email in wanted) if uid != user["user_id"]]
        cursor = conn.execute('INSERT INTO "dm_conversations" (name, created_at) VALUES (?, ?)', (name, _now()))
        conversation_id = int(cursor.lastrowid or 0)
        conn.executemany(
            'INSERT INTO "dm_members" (conversation_id, user_id) VALUES (?, ?)',
            [(conversation_id, uid) for uid in (int(user["user_id"]), *others)],
        )
        return _out(conn, _mine(conn, conversation_id, user["user_id"]), user["user_id"])


def add_member(db: Database, user: dict[str, Any], conversation_id: int, email: str) -> dict[str, Any]:
    """A member adds someone to a group chat; the newcomer reads what was said before, unread
    counting from their arrival."""
    with _connect(db) as conn:
        row = _mine(conn, conversation_id, user["user_id"])
        if row["name"] is None:
            raise Refused("a conversation of two stays between two: start a group to talk with more people")
        newcomer = _user_id(conn, email)
        count = conn.execute('SELECT COUNT(*) FROM "dm_members" WHERE conversation_id = ?', (conversation_id,)).fetchone()[0]
        if count >= MAX_MEMBERS:
            raise Refused(f"this group is full: at most {MAX_MEMBERS} people")
        latest = conn.execute(
            'SELECT COALESCE(MAX(id), 0) FROM "dm_messages" WHERE conversation_id = ?', (conversation_id,)
        ).fetchone()[0]
        try:
            conn.execute(
                'INSERT INTO "dm_members" (conversation_id, user_id, last_read) VALUES (?, ?, ?)',
                (conversation_id, newcomer, latest),
            )
        except sqlite3.IntegrityError as error:  # the key: one membership per person, even at once
            raise Refused(f"{email.strip().lower()} is already in this group") from error
        return _out(conn, row, user["user_id"])


def conversations(db: Database, user: dict[str, Any]) -> list[dict[str, Any]]:
    """This user's conversations and groups, the one with the latest message first."""
    with _connect(db) as conn:
        rows = conn.execute(
            'SELECT c.*, m.last_read, COALESCE(MAX(msg.id), 0) AS latest FROM "dm_members" m '
            'JOIN "dm_conversations" c ON c.id = m.conversation_id '
            'LEFT JOIN "dm_messages" msg ON msg.conversation_id = c.id WHERE m.user_id = ? '
            "GROUP BY c.id ORDER BY latest DESC, c.id DESC",
            (user["user_id"],),
        ).fetchall()
        return [_out(conn, row, user["user_id"]) for row in rows]


def _read_up_to(conn: sqlite3.Connection, conversation_id: int, user_id: int, message_id: int) -> None:
    conn.execute(
        'UPDATE "dm_members" SET last_read = MAX(last_read, ?) WHERE conversation_id = ? AND user_id = ?',
        (message_id, conversation_id, user_id),
    )


def thread(db: Database, user: dict[str, Any], conversation_id: int) -> list[dict[str, Any]]:
    """The messages, oldest first; reading them marks the conversation read for this user."""
    with _connect(db) as conn:
        _mine(conn, conversation_id, user["user_id"])
        rows = conn.execute(
            'SELECT m.*, u.email FROM "dm_messages" m LEFT JOIN "users" u ON u.id = m.sender_id '
            "WHERE m.conversation_id = ? ORDER BY m.id",
            (conversation_id,),
        ).fetchall()
        if rows:
            _read_up_to(conn, conversation_id, user["user_id"], rows[-1]["id"])
        return [_message_out(row, row["email"] or "someone", user["user_id"]) for row in rows]


def send(db: Database, user: dict[str, Any], conversation_id: int, body: str) -> dict[str, Any]:
    body = body.strip()
    if not body:
        raise Invalid("a message needs some text")
    if len(body) > MAX_LENGTH:
        raise Invalid(f"a message is at most {MAX_LENGTH} characters")
    with _connect(db) as conn:
        _mine(conn, conversation_id, user["user_id"])
        cursor = conn.execute(
            'INSERT INTO "dm_messages" (conversation_id, sender_id, body, created_at) VALUES (?, ?, ?, ?)',
            (conversation_id, user["user_id"], body, _now()),
        )
        # one's own message is read by its sender
        _read_up_to(conn, conversation_id, user["user_id"], int(cursor.lastrowid or 0))
        row = conn.execute('SELECT * FROM "dm_messages" WHERE id = ?', (cursor.lastrowid,)).fetchone()
        return _message_out(row, user["email"], user["user_id"])


def signed_in(db: Database, request: Request) -> dict[str, Any]:
    """The signed-in user (401 before they sign in): every message is someone's."""
    return user_of(db, request)
