"""Redis store: one pool shared by many processes and hosts.

Every check-and-take is one Lua script (``ACQUIRE``), which mirrors
``selection.choose``. Keys live under ``<namespace>:`` and expire: minute logs after two
minutes, day counters a day after the provider's reset, cool-downs when they end.
"""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis

from pipeline.keypool.limits import Limits
from pipeline.keypool.selection import WINDOW_S, Choice, KeyState, Strategy
from pipeline.keypool.stores.base import Candidate, Grant, Transition
from pipeline.keypool.stores.redis_lua import (
    ACQUIRE,
    FAILURE,
    LEARN,
    RECONCILE,
    RELEASE,
)


def _minute(flat: dict[str, str], now: float) -> list[tuple[float, int, int]]:
    """The minute hash (``r:<sec>``, ``t:<sec>``) as (second, tokens, requests), live seconds only."""
    seconds: dict[int, list[int]] = {}
    for field_name, value in flat.items():
        kind, _, sec = field_name.partition(":")
        entry = seconds.setdefault(int(sec), [0, 0])
        entry[0 if kind == "t" else 1] = int(value)
    return [(float(sec), t, r) for sec, (t, r) in sorted(seconds.items()) if sec + WINDOW_S > now]


class RedisStore:
    def __init__(self, url: str, namespace: str = "pipeline:kp", max_connections: int = 64) -> None:
        # A blocking pool: a burst of callers waits for a connection instead of failing.
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=max_connections, timeout=30, decode_responses=True
        )
        self._pool = pool
        self.client: Any = aioredis.Redis(
            connection_pool=pool
        )  # Any: redis-py 7 types async commands as Awaitable[T] | T
        self.ns = namespace
        self._acquire = self.client.register_script(ACQUIRE)
        self._reconcile = self.client.register_script(RECONCILE)
        self._failure = self.client.register_script(FAILURE)
        self._release = self.client.register_script(RELEASE)
        self._encoded_cache: dict[int, tuple[list[Candidate], str]] = {}
        self._learn = self.client.register_script(LEARN)

    async def acquire(
        self,
        provider: str,
        candidates: list[Candidate],
        now: float,
        estimated_tokens: int,
        strategy: Strategy,
    ) -> Grant | Choice:
        args: list[Any] = [
            self.ns,
            repr(now),
            estimated_tokens,
            strategy,
            provider,
            len(candidates),
            self._encoded(candidates),
        ]
        index, detail, extra = await self._acquire(args=args)
        position = int(index)
        if position == 0:
            return Choice(index=None, retry_at=float(detail) if detail else None, reason=extra or "no keys")
        c = candidates[position - 1]
        return Grant(c.fingerprint, c.group, c.day, detail, estimated_tokens, extra == "1")

    def _encoded(self, candidates: list[Candidate]) -> str:
        """The candidates as one script argument; the pool reuses one list per provider-day, so cache it."""
        cached = self._encoded_cache.get(id(candidates))
        if cached is not None and cached[0] is candidates:
            return cached[1]
        encoded = json.dumps(
            [
                [
                    c.fingerprint,
                    c.group,
                    c.limits.rpm,
                    c.limits.rpd,
                    c.limits.tpm,
                    c.limits.tpd,
                    c.day,
                    c.next_reset,
                ]
                for c in candidates
            ]
        )
        if len(self._encoded_cache) > 64:
            self._encoded_cache.clear()
        self._encoded_cache[id(candidates)] = (candidates, encoded)
        return encoded

    async def reconcile(self, grant: Grant, tokens: int) -> None:
        delta = tokens - grant.estimated_tokens
        if not delta:
            return
        entry_id = grant.entry
        await self._reconcile(
            keys=[
                f"{self.ns}:m:{grant.group}",
                f"{self.ns}:d:{grant.group}:{grant.day}",
                f"{self.ns}:total:{grant.fingerprint}",
            ],
            args=[grant.entry, f"{entry_id}:{tokens}", delta],
        )

    async def release(self, grant: Grant, tokens: int | None) -> Transition | None:
        delta = 0 if tokens is None else tokens - grant.estimated_tokens
        entry_id = grant.entry
        old = await self._release(
            keys=[
                f"{self.ns}:m:{grant.group}",
                f"{self.ns}:d:{grant.group}:{grant.day}",
                f"{self.ns}:total:{grant.fingerprint}",
                f"{self.ns}:breaker:{grant.fingerprint}",
            ],
            args=[grant.entry, f"{entry_id}:{tokens}", delta],
        )
        return (
            Transition(grant.fingerprint, "half_open", "closed", "probe succeeded") if old == "open" else None
        )

    async def record_failure(
        self, fingerprint: str, now: float, threshold: int, cooloff: float
    ) -> Transition | None:
        change = await self._failure(
            keys=[f"{self.ns}:breaker:{fingerprint}"], args=[repr(now), threshold, repr(cooloff)]
        )
        if not change:
            return None
        old, new = str(change).split(">")
        return Transition(
            fingerprint,
            old,
            new,
            "probe failed" if old == "half_open" else f"{threshold} consecutive failures",
        )

    async def cool_group(self, group: str, until: float, now: float) -> None:
        key = f"{self.ns}:cool:{group}"
        current = await self.client.get(key)
        if current is None or float(current) < until:
            # relative TTL: the pool's clock decides, not this server's
            await self.client.set(key, repr(until), ex=max(1, int(until - now) + 1))

    async def retire(self, fingerprint: str, reason: str) -> Transition | None:
        added = await self.client.sadd(f"{self.ns}:retired", fingerprint)
        await self.client.hset(f"{self.ns}:retired_reason", fingerprint, reason)
        return Transition(fingerprint, "active", "retired", reason) if added else None

    async def learn_limits(self, group: str, limits: Limits) -> None:
        values = ["" if v is None else str(v) for v in (limits.rpm, limits.rpd, limits.tpm, limits.tpd)]
        await self._learn(keys=[f"{self.ns}:learned:{group}"], args=values)

    async def snapshot(self, candidates: list[Candidate], now: float) -> list[KeyState]:
        states: list[KeyState] = []
        retired = await self.client.smembers(f"{self.ns}:retired")
        for c in candidates:
            async with self.client.pipeline(transaction=False) as pipe:
                pipe.hmget(f"{self.ns}:breaker:{c.fingerprint}", "state", "open_until", "probe")
                pipe.get(f"{self.ns}:cool:{c.group}")
                pipe.hgetall(f"{self.ns}:m:{c.group}")
                pipe.hmget(f"{self.ns}:d:{c.group}:{c.day}", "req", "tok")
                pipe.hget(f"{self.ns}:used:{c.day}", c.fingerprint)
                pipe.hmget(f"{self.ns}:learned:{c.group}", "rpm", "rpd", "tpm", "tpd")
                breaker, cool, log, day, used, learned = await pipe.execute()
            states.append(
                KeyState(
                    fingerprint=c.fingerprint,
                    group=c.group,
                    limits=c.limits.tightened(Limits(*(int(v) if v else None for v in learned))),
                    retired=c.fingerprint in retired,
                    breaker="open" if breaker[0] == "open" else "closed",
                    open_until=float(breaker[1] or 0),
                    probe_taken=breaker[2] == "1",
                    cool_until=float(cool or 0),
                    minute_log=_minute(log, now),
                    day_requests=int(day[0] or 0),
                    day_tokens=int(day[1] or 0),
                    next_day_reset=c.next_reset,
                    used_today=int(used or 0),
                )
            )
        return states

    async def totals(self, fingerprints: list[str]) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for fp in fingerprints:
            data = await self.client.hgetall(f"{self.ns}:total:{fp}")
            if data:
                found[fp] = (int(data.get("requests", 0)), int(data.get("tokens", 0)))
        return found

    async def note_model(self, model_id: str, until: float, reason: str, now: float) -> None:
        # relative TTL, as for cooling: the pool's clock decides
        await self.client.set(f"{self.ns}:model:{model_id}", reason, ex=max(1, int(until - now)))

    async def model_note(self, model_id: str, now: float) -> str | None:
        value = await self.client.get(f"{self.ns}:model:{model_id}")
        return str(value) if value is not None else None

    async def clear(self) -> None:
        """Remove everything under this namespace (tests, and `keys --reset`)."""
        async for key in self.client.scan_iter(match=f"{self.ns}:*", count=500):
            await self.client.delete(key)

    async def close(self) -> None:
        await self.client.aclose()
        await self._pool.disconnect()
