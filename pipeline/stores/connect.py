"""Opening Redis and SQLite the same way everywhere."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any


def redis_async(url: str, *, text: bool = True) -> Any:
    """An asyncio Redis client (``text``: answers decoded as str). Any: redis-py 7 types async
    commands as ``Awaitable[T] | T``."""
    import redis.asyncio as aioredis

    return aioredis.Redis.from_url(url, decode_responses=text)


def redis_sync(url: str, *, text: bool = False) -> Any:
    import redis

    return redis.Redis.from_url(url, decode_responses=text)


def sqlite(path: str | Path, *, timeout_s: float = 30) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread, in
    WAL mode so readers never wait for the writer."""
    conn = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None, check_same_thread=False)
    # WAL is kept in the file, so only the first opener sets it. Switching the journal mode does
    # not wait on the busy timeout: processes opening the file at once get "database is locked",
    # so that switch is retried (seen with eight processes opening the key store together).
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return conn
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                conn.close()
                raise
            time.sleep(0.05)
