"""Accounts: registration and login with passwords hashed by scrypt (Python's hashlib, a salt per
user), sessions as random bearer tokens stored only as their SHA-256, and the signed-in user for
every request, so each user's records are theirs alone (``app.db.db_for``)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
from datetime import datetime, timedelta
from typing import Any

from fastapi import HTTPException, Request

from app.db import Database

SESSION_DAYS = 30
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
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


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)  # type: ignore[arg-type]
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    _, salt, _ = stored.split("$")
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored)


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


def register(db: Database, email: str, password: str) -> dict[str, Any]:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise HTTPException(status_code=422, detail="that is not an email address")
    if len(password) < 8:
        raise HTTPException(status_code=422, detail="a password has at least 8 characters")
    try:
        with _connect(db) as conn:
            user_id = conn.execute(
                'INSERT INTO "users" (email, password_hash, created_at) VALUES (?, ?, ?)',
                (email, hash_password(password), datetime.now().isoformat(timespec="seconds")),
            ).lastrowid
    except sqlite3.IntegrityError:
        raise HTTPException(status_code=409, detail="that email is already registered") from None
    return _session(db, int(user_id or 0), email)


def login(db: Database, email: str, password: str) -> dict[str, Any]:
    email = email.strip().lower()
    with _connect(db) as conn:
        row = conn.execute('SELECT id, password_hash FROM "users" WHERE email = ?', (email,)).fetchone()
    if row is None or not password_matches(password, row["password_hash"]):
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
