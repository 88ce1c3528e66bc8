"""When the pool next has room (what a model build waits for), the same against every store."""

from __future__ import annotations

import pytest

from pipeline.keypool import KeyPool, KeySpec, NoCapacity
from pipeline.keypool.limits import next_reset, quota_for
from pipeline.keypool.stores.base import Store
from tests.keypool.conftest import FakeClock


async def test_room_now_then_at_the_daily_reset_then_never(store: Store, clock: FakeClock) -> None:
    assert await KeyPool([], store, clock=clock).room_at() == (None, "no keys configured")
    pool = KeyPool([KeySpec("groq", "gsk_room_test_0123456789abcdef", rpd=2)], store, clock=clock)
    assert await pool.room_at() == (clock.now, "")
    for _ in range(2):
        async with pool.lease("groq"):
            pass
    with pytest.raises(NoCapacity):
        async with pool.lease("groq"):
            pass
    at, why = await pool.room_at()
    assert why == "requests per day"
    assert at == next_reset(clock.now, quota_for("groq").reset_zone)  # the provider's own day
    clock.advance(at - clock.now + 1)  # a new day: room again
    assert await pool.room_at() == (clock.now, "")
    await store.retire(pool.specs[0].fingerprint, "rejected as invalid (401/403)")
    assert await pool.room_at() == (None, "every key is retired")
