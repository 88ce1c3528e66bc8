"""Polls, counted on the server: a poll has a question and its options; each visitor votes once
per poll (known by the cookie this app sets, since a single-user app has no accounts); a second
vote is refused and changes nothing; a closed poll takes no votes; results are counts and
percentages the server computes."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from app.db import Database
from app.rules import Invalid, NotFound, Refused

COOKIE = "voter"
MAX_OPTIONS = 10
SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS "voting_polls" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "question" TEXT NOT NULL,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS "voting_options" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "poll_id" INTEGER NOT NULL REFERENCES "voting_polls" ("id"),
    "label" TEXT NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS "voting_votes" (
    "poll_id" INTEGER NOT NULL REFERENCES "voting_polls" ("id"),
    "voter" TEXT NOT NULL,
    "option_id" INTEGER NOT NULL REFERENCES "voting_options" ("id"),
    "created_at" TEXT NOT NULL,
    PRIMARY KEY ("poll_id", "voter")
)
""",
)


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    for statement in SCHEMA:
        conn.execute(statement)
    return conn


def percentages(counts: list[int]) -> list[float]:
    """Each count's share of the total, in percent to one decimal (all 0 before any vote)."""
    total = sum(counts)
    return [round(100 * count / total, 1) if total else 0.0 for count in counts]


def _poll(conn: sqlite3.Connection, poll_id: int, voter: str) -> dict[str, Any]:
    row = conn.execute('SELECT * FROM "voting_polls" WHERE id = ?', (poll_id,)).fetchone()
    if row is None:
        raise NotFound(f"poll {poll_id} not found")
    options = conn.execute(
        'SELECT o.id, o.label, COUNT(v.voter) AS votes FROM "voting_options" o '
        'LEFT JOIN "voting_votes" v ON v.option_id = o.id WHERE o.poll_id = ? GROUP BY o.id ORDER BY o.id',
        (poll_id,),
    ).fetchall()
    mine = conn.execute(
        'SELECT option_id FROM "voting_votes" WHERE poll_id = ? AND voter = ?', (poll_id, voter)
    ).fetchone()
    shares = percentages([o["votes"] for o in options])
    return {
        "poll_id": row["id"],
        "question": row["question"],
        "closed": bool(row["closed"]),
        "total": sum(o["votes"] for o in options),
        "options": [
            {"option_id": o["id"], "label": o["label"], "votes": o["votes"], "percent": share}
            for o, share in zip(options, shares, strict=True)
        ],
        "voted_for": mine["option_id"] if mine else None,
    }


def create_poll(db: Database, question: str, options: list[str]) -> dict[str, Any]:
    asked = question.strip()
    labels = [label.strip() for label in options if label.strip()]
    if not asked:
        raise Invalid("a poll needs a question")
    if not 2 <= len(labels) <= MAX_OPTIONS:
        raise Invalid(f"a poll has 2 to {MAX_OPTIONS} options")
    if any(len(label) > 80 for label in labels):
        raise Invalid("an option is at most 80 characters")
    if len({label.casefold() for label in labels}) != len(labels):
        raise Invalid("each option is different from the others")
    with _connect(db) as conn:
        cursor = conn.execute(
            'INSERT INTO "voting_polls" (question, closed, created_at) VALUES (?, 0, ?)',
            (asked, datetime.now().isoformat(timespec="seconds")),
        )
        poll_id = int(cursor.lastrowid or 0)
        conn.executemany(
            'INSERT INTO "voting_options" (poll_id, label) VALUES (?, ?)', [(poll_id, label) for label in labels]
        )
        return _poll(conn, poll_id, "")


def list_polls(db: Database, voter: str) -> list[dict[str, Any]]:
    """Every poll, newest first, with its results and this visitor's vote."""
    with _connect(db) as conn:
        ids = [row["id"] for row in conn.execute('SELECT id FROM "voting_polls" ORDER BY id DESC LIMIT 100')]
        return [_poll(conn, poll_id, voter) for poll_id in ids]


def results(db: Database, poll_id: int, voter: str) -> dict[str, Any]:
    with _connect(db) as conn:
        return _poll(conn, poll_id, voter)


def vote(db: Database, poll_id: int, option_id: int, voter: str) -> dict[str, Any]:
    """One vote per visitor and poll: the check and the write are one transaction, and the
    table's key refuses a second row even from two requests at once."""
    with _connect(db) as conn:
        poll = _poll(conn, poll_id, voter)
        if poll["closed"]:
            raise Refused("this poll is closed: it takes no more votes")
        chosen = {o["option_id"]: o["label"] for o in poll["options"]}
        if option_id not in chosen:
            raise Invalid(f"option {option_id} is not one of this poll's options")
        if poll["voted_for"] is not None:
            raise Refused(
                f"you have already voted in this poll (for {chosen[poll['voted_for']]}); your vote stays as it was"
            )
        try:
            conn.execute(
                'INSERT INTO "voting_votes" (poll_id, voter, option_id, created_at) VALUES (?, ?, ?, ?)',
                (poll_id, voter, option_id, datetime.now().isoformat(timespec="seconds")),
            )
        except sqlite3.IntegrityError as error:
            raise Refused("you have already voted in this poll; your vote stays as it was") from error
        return _poll(conn, poll_id, voter)


def close(db: Database, poll_id: int, voter: str = "") -> dict[str, Any]:
    with _connect(db) as conn:
        poll = _poll(conn, poll_id, voter)
        if poll["closed"]:
            raise Refused("this poll is already closed")
        conn.execute('UPDATE "voting_polls" SET closed = 1 WHERE id = ?', (poll_id,))
        return _poll(conn, poll_id, voter)


# --- the web side: who is voting. Only a digest of the cookie is kept, so the database alone
# cannot be used to vote as someone else.


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def voter_of(request: Request) -> str:
    """This visitor's voter id (a digest of their cookie), or "" before they have one."""
    token = request.cookies.get(COOKIE, "")
    return _digest(token) if token else ""


def polls_seen(db: Database, request: Request) -> list[dict[str, Any]]:
    """Every poll, with this visitor's votes."""
    return list_polls(db, voter_of(request))


def results_seen(db: Database, poll_id: int, request: Request) -> dict[str, Any]:
    return results(db, poll_id, voter_of(request))


def vote_as_visitor(db: Database, poll_id: int, option_id: int, request: Request) -> JSONResponse:
    """A vote as this visitor, who gets their voter cookie with their first vote."""
    return as_voter(request, lambda voter: vote(db, poll_id, option_id, voter))


def close_as_visitor(db: Database, poll_id: int, request: Request) -> dict[str, Any]:
    return close(db, poll_id, voter_of(request))


def as_voter(request: Request, act: Callable[[str], dict[str, Any]]) -> JSONResponse:
    """Runs ``act`` as this visitor, giving them a voter cookie first when they have none."""
    token = request.cookies.get(COOKIE, "")
    fresh = not token
    if fresh:
        token = secrets.token_urlsafe(24)
    response = JSONResponse(act(_digest(token)))
    if fresh:
        response.set_cookie(COOKIE, token, max_age=400 * 24 * 3600, httponly=True, samesite="lax")
    return response
