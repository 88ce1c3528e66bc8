"""Opening Redis and SQLite the same way everywhere."""

from __future__ import annotations

import sqlite3
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
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
