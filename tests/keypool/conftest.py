"""One suite, every store: memory, sqlite (a file) and redis (the real server on loopback)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from pipeline.keypool.stores.base import Store
from pipeline.keypool.stores.redis_store import RedisStore
from pipeline.keypool.stores.sql import SqlStore

REDIS_URL = "redis://127.0.0.1:6379/15"


class FakeClock:
    def __init__(self, start: float = 1_780_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    made: Store
    if request.param == "memory":
        made = SqlStore(":memory:")
    elif request.param == "sqlite":
        made = SqlStore(tmp_path / "usage.db")
    else:
        made = RedisStore(REDIS_URL, namespace=f"test:{uuid.uuid4().hex}")
    yield made
    if isinstance(made, RedisStore):
        await made.clear()
    await made.close()


@pytest.fixture
def events() -> list[dict[str, object]]:
    return []


@pytest.fixture
def recorder(events: list[dict[str, object]]) -> Callable[[dict[str, object]], None]:
    return events.append
