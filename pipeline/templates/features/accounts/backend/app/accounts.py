"""Accounts: registration and login with passwords hashed by scrypt (``app.signin``: a salt per
user, throttled, the same work for unknown emails), sessions as random bearer tokens stored only
as their SHA-256, and the signed-in user for every request, so each user's records are theirs
alone (``app.db.db_for``).

Registration answers the same whether or not the email is taken (and does the same work), so it
tells nobody who has an account; the page then signs in, and sign-in is the one place a wrong
guess shows, throttled per account and per client."""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from datetime import datetime, timedelta
from typing import Any

from fastapi import HTTPException, Request

from app.db import Database
from app.signin import (
    check_password,
    client_of,
    hash_password,
    password_matches,
    throttles,
    too_many,
)

__all__ = ["hash_password", "login", "logout", "password_matches", "register", "user_of"]

SESSION_DAYS = 30
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SCHEMA = """
CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL UNIQUE,
    "password_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "sessions" (
    "token_hash" TEXT PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
    "expires_at" TEXT NOT NULL
);
"""


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.executescript(SCHEMA)
    return conn


def _session(db: Database, user_id: int, email: str) -> dict[str, Any]:
    token = secrets.token_urlsafe(32)
    expires = (datetime.now() + timedelta(days=SESSION_DAYS)).isoformat(timespec="seconds")
    with _connect(db) as conn:
        conn.execute(
            'INSERT INTO "sessions" (token_hash, user_id, expires_at) VALUES (?, ?, ?)',
            (hashlib.sha256(token.encode()).hexdigest(), user_id, expires),
        )
    return {"user_id": user_id, "email": email, "token": token}


REGISTERED = "if this email had no account, it has one now: sign in with it"


def register(db: Database, email: str, password: str, request: Request) -> dict[str, Any]:
    """The same answer, after the same work, whether or not the email is taken."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise HTTPException(status_code=422, detail="that is not an email address")
    if len(password) < 8:
        raise HTTPException(status_code=422, detail="a password has at least 8 characters")
    limits, client = throttles(request), f"register:{client_of(request)}"
    wait = limits.registrations.wait_s(client)
    if wait:
        raise too_many(wait)
    limits.registrations.note(client)
    hashed = hash_password(password)
    try:
        with _connect(db) as conn:
            conn.execute(
                'INSERT INTO "users" (email, password_hash, created_at) VALUES (?, ?, ?)',
                (email, hashed, datetime.now().isoformat(timespec="seconds")),
            )
    except sqlite3.IntegrityError:
        pass  # taken: the answer stays the same, the account stays its owner's
    return {"email": email, "detail": REGISTERED}


def login(db: Database, email: str, password: str, request: Request) -> dict[str, Any]:
    email = email.strip().lower()
    with _connect(db) as conn:
        row = conn.execute('SELECT id, password_hash FROM "users" WHERE email = ?', (email,)).fetchone()
    if not check_password(request, "user", email, row["password_hash"] if row else None, password) or row is None:
        raise HTTPException(status_code=401, detail="wrong email or password")
    return _session(db, row["id"], email)


def _token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def user_of(db: Database, request: Request) -> dict[str, Any]:
    """The signed-in user, or 401."""
    token = _token(request)
    if token:
        with _connect(db) as conn:
            row = conn.execute(
                'SELECT u.id, u.email FROM "sessions" s JOIN "users" u ON u.id = s.user_id '
                "WHERE s.token_hash = ? AND s.expires_at > ?",
                (hashlib.sha256(token.encode()).hexdigest(), datetime.now().isoformat(timespec="seconds")),
            ).fetchone()
        if row is not None:
            return {"user_id": row["id"], "email": row["email"]}
    raise HTTPException(status_code=401, detail="sign in first", headers={"WWW-Authenticate": "Bearer"})


def logout(db: Database, request: Request) -> dict[str, Any]:
    user = user_of(db, request)
    with _connect(db) as conn:
        conn.execute('DELETE FROM "sessions" WHERE token_hash = ?', (hashlib.sha256(_token(request).encode()).hexdigest(),))
    return user
