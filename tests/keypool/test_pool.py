"""The key pool's behaviour, the same against every store."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pipeline.catalog import load_catalog
from pipeline.keypool import KeyPool, KeySpec, Limits, NoCapacity
from pipeline.keypool.limits import next_reset
from pipeline.keypool.stores.base import Store
from pipeline.providers.errors import KeyInvalid, PaymentRequired, ProviderDown, QuotaExhausted, RateLimited
from tests.keypool.conftest import FakeClock

Recorder = Callable[[dict[str, Any]], None]


def keys(n: int, provider: str = "groq", **limits: Any) -> list[KeySpec]:
    return [KeySpec(provider, f"gsk_test_{provider}_{i:03d}_0123456789abcdef", **limits) for i in range(n)]


async def take(pool: KeyPool, provider: str = "groq", tokens: int = 0, report: int | None = None) -> str:
    async with pool.lease(provider, estimated_tokens=tokens) as lease:
        if report is not None:
            lease.report(tokens=report)
        return lease.fingerprint


async def test_round_robin_rotates_over_keys(store: Store, clock: FakeClock) -> None:
    specs = keys(3, rpm=100)
    pool = KeyPool(specs, store, clock=clock)
    taken = [await take(pool) for _ in range(6)]
    fps = [s.fingerprint for s in specs]
    assert taken == fps + fps


async def test_least_used_picks_the_key_with_fewest_requests_today(store: Store, clock: FakeClock) -> None:
    specs = keys(3, rpm=100)
    busy = KeyPool(specs[:1], store, clock=clock)
    for _ in range(3):
        await take(busy)
    pool = KeyPool(specs, store, clock=clock, strategy="least_used")
    first, second = await take(pool), await take(pool)
    assert {first, second} == {specs[1].fingerprint, specs[2].fingerprint}
    assert await take(pool) in {specs[1].fingerprint, specs[2].fingerprint}


async def test_rpm_is_exact_and_says_when_capacity_returns(store: Store, clock: FakeClock) -> None:
    pool = KeyPool(keys(2, rpm=3), store, clock=clock)
    for _ in range(6):
        await take(pool)
        clock.advance(1)
    with pytest.raises(NoCapacity) as caught:
        await take(pool)
    # the oldest grant was in second t0; it counts for that whole second and 60 s more, so the
    # window frees it at t0 + 61 (6 s have passed): never sooner than any 60 s window allows
    assert caught.value.retry_after == pytest.approx(55, abs=0.01)
    assert "capacity returns at" in str(caught.value)
    clock.advance(54)
    with pytest.raises(NoCapacity):
        await take(pool)
    clock.advance(1)
    assert await take(pool)


async def test_keys_of_one_limit_group_share_one_quota(store: Store, clock: FakeClock) -> None:
    shared = [
        KeySpec("gemini", f"AIza-test-project-a-key-{i}-xxxxxxxx", group="project-a", rpm=4) for i in range(3)
    ]
    own = [KeySpec("gemini", "AIza-test-project-b-key-0-xxxxxxxx", group="project-b", rpm=4)]
    pool = KeyPool(shared + own, store, clock=clock)
    taken = Counter()
    for _ in range(8):
        taken[await take(pool, "gemini")] += 1
    with pytest.raises(NoCapacity):
        await take(pool, "gemini")
    assert sum(taken[s.fingerprint] for s in shared) == 4  # three keys, one project: 4, not 12
    assert taken[own[0].fingerprint] == 4
    stats = (await pool.stats())["gemini"]
    assert stats["total_keys"] == 4 and stats["limit_groups"] == 2
    # two groups × the requests per day of Gemini's default model in the catalog
    rpd = load_catalog().model("gemini", load_catalog().provider("gemini").default_model).rpd
    assert rpd and stats["total_capacity"] == 2 * rpd


async def test_tokens_per_minute_use_reported_usage(store: Store, clock: FakeClock) -> None:
    pool = KeyPool(keys(1, rpm=100, tpm=1000), store, clock=clock)
    await take(pool, tokens=600, report=100)  # reconciled down: 900 left
    await take(pool, tokens=800, report=800)
    with pytest.raises(NoCapacity, match="tokens per minute"):
        await take(pool, tokens=200)
    assert await take(pool, tokens=100)


async def test_daily_quota_resets_at_the_providers_midnight_dst_aware(store: Store) -> None:
    pacific = ZoneInfo("America/Los_Angeles")
    # 2026-03-08 is the day US clocks spring forward: that Pacific day has 23 hours.
    clock = FakeClock(datetime(2026, 3, 8, 23, 59, 0, tzinfo=pacific).timestamp())
    pool = KeyPool(
        [KeySpec("gemini", "AIza-test-dst-key-0000000000000000", rpd=2, rpm=100)], store, clock=clock
    )
    await take(pool, "gemini")
    await take(pool, "gemini")
    with pytest.raises(NoCapacity) as caught:
        await take(pool, "gemini")
    assert caught.value.retry_at == datetime(2026, 3, 9, 0, 0, tzinfo=pacific).timestamp()
    assert caught.value.retry_after == pytest.approx(60)
    clock.advance(61)  # 00:00:01 Pacific = 07:00:01 UTC: a new Gemini day, not a new UTC day
    assert await take(pool, "gemini")


async def test_openrouter_resets_at_utc_midnight(store: Store) -> None:
    clock = FakeClock(datetime(2026, 6, 1, 23, 59, 30, tzinfo=ZoneInfo("UTC")).timestamp())
    pool = KeyPool(
        [KeySpec("openrouter", "sk-or-test-key-0000000000000000", rpd=1, rpm=100)], store, clock=clock
    )
    await take(pool, "openrouter")
    with pytest.raises(NoCapacity) as caught:
        await take(pool, "openrouter")
    assert caught.value.retry_after == pytest.approx(30)


async def test_429_cools_the_whole_group_until_the_providers_time(
    store: Store, clock: FakeClock, events: list[dict[str, Any]], recorder: Recorder
) -> None:
    a = [KeySpec("groq", f"gsk_test_org_a_{i}_0123456789abcdef", group="org-a") for i in range(2)]
    b = [KeySpec("groq", "gsk_test_org_b_0_0123456789abcdef", group="org-b")]
    pool = KeyPool(a + b, store, clock=clock, on_event=recorder)
    with pytest.raises(RateLimited):
        async with pool.lease("groq") as lease:
            assert lease.group.endswith("org-a")
            raise RateLimited("429", provider="groq", retry_after=12.5)
    for _ in range(3):
        assert await take(pool) == b[0].fingerprint  # org-a's keys are both cooling
    clock.advance(12.6)
    assert await take(pool) in {s.fingerprint for s in a} | {b[0].fingerprint}
    assert any(
        e["to"] == "cooling" and e["until"] == pytest.approx(clock.now - 0.1, abs=0.01) for e in events
    )


async def test_daily_quota_error_cools_until_reset(store: Store, clock: FakeClock) -> None:
    pool = KeyPool(keys(1), store, clock=clock)
    with pytest.raises(QuotaExhausted):
        async with pool.lease("groq"):
            raise QuotaExhausted("per-day quota", provider="groq")
    with pytest.raises(NoCapacity) as caught:
        await take(pool)
    assert caught.value.retry_at == pytest.approx(next_reset(clock.now, "UTC"))


@pytest.mark.parametrize("error", [KeyInvalid("401"), PaymentRequired("402")])
async def test_invalid_or_unpaid_keys_are_retired(
    store: Store, clock: FakeClock, events: list[dict[str, Any]], recorder: Recorder, error: Exception
) -> None:
    specs = keys(2)
    pool = KeyPool(specs, store, clock=clock, on_event=recorder)
    with pytest.raises(type(error)):
        async with pool.lease("groq") as lease:
            bad = lease.fingerprint
            raise error
    good = next(s.fingerprint for s in specs if s.fingerprint != bad)
    assert [await take(pool) for _ in range(3)] == [good] * 3
    assert next(e for e in events if e["to"] == "retired")["key"] == bad
    stats = (await pool.stats())["groq"]
    assert {k["fingerprint"]: k["state"] for k in stats["keys"]}[bad] == "retired"
    assert stats["active_keys"] == 1


async def test_breaker_opens_then_one_half_open_probe_decides(
    store: Store, clock: FakeClock, events: list[dict[str, Any]], recorder: Recorder
) -> None:
    pool = KeyPool(keys(1), store, clock=clock, on_event=recorder, failure_threshold=3, cooloff_s=30)
    for _ in range(3):
        with pytest.raises(ProviderDown):
            async with pool.lease("groq"):
                raise ProviderDown("503")
    with pytest.raises(NoCapacity, match="circuit open"):
        await take(pool)
    clock.advance(30)
    # the probe fails: open again for another cool-off
    with pytest.raises(ProviderDown):
        async with pool.lease("groq") as lease:
            assert lease.probe
            raise ProviderDown("503")
    with pytest.raises(NoCapacity):
        await take(pool)
    clock.advance(30)
    assert await take(pool)  # the probe succeeds: closed
    assert await take(pool)
    assert [(e["from"], e["to"]) for e in events] == [
        ("closed", "open"),
        ("open", "half_open"),
        ("half_open", "open"),
        ("open", "half_open"),
        ("half_open", "closed"),
    ]


async def test_only_one_probe_while_half_open(store: Store, clock: FakeClock) -> None:
    pool = KeyPool(keys(1), store, clock=clock, failure_threshold=1, cooloff_s=10)
    with pytest.raises(ProviderDown):
        async with pool.lease("groq"):
            raise ProviderDown("timeout")
    clock.advance(10)
    async with pool.lease("groq") as probe:
        assert probe.probe
        with pytest.raises(NoCapacity):
            await take(pool)  # a second caller does not get a probe too


async def test_learned_limits_tighten_configured_ones(store: Store, clock: FakeClock) -> None:
    pool = KeyPool(keys(1, rpm=100), store, clock=clock)
    async with pool.lease("groq") as lease:
        lease.report(tokens=10, limits=Limits(rpm=2))
    await take(pool)
    with pytest.raises(NoCapacity):
        await take(pool)
    assert (await pool.stats())["groq"]["keys"][0]["limits"]["rpm"] == 2


async def test_timeout_waits_for_capacity_instead_of_failing(store: Store) -> None:
    pool = KeyPool(keys(1, rpm=1), store)
    await take(pool)
    with pytest.raises(NoCapacity):
        await take(pool)
    started = time.monotonic()
    with pytest.raises(NoCapacity):
        async with pool.lease("groq", timeout=0.2):
            pass  # capacity returns in ~60 s: longer than the timeout, so it fails at once
    assert time.monotonic() - started < 0.2


async def test_stats_have_the_seed_shape_and_never_a_key(
    store: Store, clock: FakeClock, events: list[dict[str, Any]], recorder: Recorder
) -> None:
    specs = keys(2, rpm=5) + keys(1, provider="gemini")
    pool = KeyPool(specs, store, clock=clock, on_event=recorder)
    await take(pool, tokens=50, report=70)
    with pytest.raises(KeyInvalid):
        async with pool.lease("gemini"):
            raise KeyInvalid("403")
    stats = await pool.stats()
    assert set(stats) == {"groq", "gemini"}
    groq = stats["groq"]
    assert {k: groq[k] for k in ("total_keys", "active_keys", "total_requests", "total_capacity")} == {
        "total_keys": 2,
        "active_keys": 2,
        "total_requests": 1,
        "total_capacity": 2000,
    }
    first = groq["keys"][0]
    assert first["usage"]["total_tokens"] == 70
    assert first["remaining"]["rpm"] == 4
    assert stats["gemini"]["active_keys"] == 0
    dumped = json.dumps(stats) + json.dumps(events) + repr(pool.specs)
    for spec in specs:
        assert spec.key not in dumped
        assert spec.fingerprint in json.dumps(stats)


async def test_no_keys_is_a_clear_no_capacity(store: Store) -> None:
    pool = KeyPool([], store)
    with pytest.raises(NoCapacity, match="no deepseek key has room: no key will have room") as caught:
        await take(pool, "deepseek")
    assert caught.value.retry_at is None


async def test_a_daily_quota_429_teaches_the_groups_real_requests_per_day(
    store: Store, clock: FakeClock
) -> None:
    pool = KeyPool(keys(1, rpd=1000), store, clock=clock)
    for _ in range(3):
        await take(pool)
    with pytest.raises(QuotaExhausted):
        async with pool.lease("groq"):
            raise QuotaExhausted("per-day quota", provider="groq")
    stats = (await pool.stats())["groq"]
    assert stats["keys"][0]["limits"]["rpd"] == 4  # the 4th request of the day was the one refused
