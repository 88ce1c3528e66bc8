"""Cache stores with one small interface: memory, SQLite (the CLI's default), Redis."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pipeline.errors import ConfigError
from pipeline.stores.connect import redis_async, sqlite


class CacheStore(Protocol):
    hits: int
    misses: int

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_s: float) -> None: ...

    async def close(self) -> None: ...


class MemoryCache:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._data: dict[str, tuple[float, str]] = {}
        self.hits = self.misses = 0
        self.clock = clock

    async def get(self, key: str) -> str | None:
        found = self._data.get(key)
        if found is None or found[0] <= self.clock():
            self._data.pop(key, None)
            self.misses += 1
            return None
        self.hits += 1
        return found[1]

    async def set(self, key: str, value: str, ttl_s: float) -> None:
        self._data[key] = (self.clock() + ttl_s, value)

    async def close(self) -> None:
        self._data.clear()


class SqliteCache:
    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite(path)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL)"
        )
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _get(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM cache WHERE key = ? AND expires > ?", (key, time.time())
            ).fetchone()
        return str(row[0]) if row else None

    async def get(self, key: str) -> str | None:
        value = await asyncio.to_thread(self._get, key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def _set(self, key: str, value: str, ttl_s: float) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)",
                (key, value, time.time() + ttl_s),
            )
            self._conn.execute("DELETE FROM cache WHERE expires <= ?", (time.time(),))

    async def set(self, key: str, value: str, ttl_s: float) -> None:
        await asyncio.to_thread(self._set, key, value, ttl_s)

    async def close(self) -> None:
        with self._lock:
            self._conn.close()


class RedisCache:
    def __init__(self, url: str, namespace: str = "pipeline:cache") -> None:

        self.client = redis_async(url)
        self.ns = namespace
        self.hits = self.misses = 0

    async def get(self, key: str) -> str | None:
        value = await self.client.get(f"{self.ns}:{key}")
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return str(value) if value is not None else None

    async def set(self, key: str, value: str, ttl_s: float) -> None:
        await self.client.set(f"{self.ns}:{key}", value, ex=max(1, int(ttl_s)))

    async def close(self) -> None:
        await self.client.aclose()


def open_cache(spec: str) -> CacheStore:
    if spec in ("", "memory"):
        return MemoryCache()
    if spec.startswith("sqlite:///"):
        return SqliteCache(spec.removeprefix("sqlite:///"))
    if spec.startswith(("redis://", "rediss://", "unix://")):
        return RedisCache(spec)
    raise ConfigError(
        f"unknown cache store {spec!r}", hint="use memory, sqlite:///path or redis://host:port/db"
    )
