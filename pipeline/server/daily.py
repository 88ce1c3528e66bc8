"""Today's figures for the operator: jobs by outcome, tokens, spend, cache hits. In memory for one
process, in Redis (one hash per UTC day, kept three days) when several workers share the load."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

KEEP_S = 3 * 86_400


def today() -> str:
    return time.strftime("%Y-%m-%d", time.gmtime())


def _figures(raw: dict[str, float]) -> dict[str, Any]:
    hits, misses = raw.get("cache_hits", 0), raw.get("cache_misses", 0)
    return {
        "day": today(),
        "jobs": {k.removeprefix("jobs_"): int(v) for k, v in raw.items() if k.startswith("jobs_")},
        "tokens": int(raw.get("tokens", 0)),
        "spend_usd": round(float(raw.get("spend_usd", 0.0)), 6),
        "cache_hit_rate": round(hits / (hits + misses), 3) if hits + misses else None,
    }


class MemoryDaily:
    def __init__(self) -> None:
        self.days: dict[str, Counter[str]] = {}

    async def record(
        self, status: str, tokens: int = 0, spend: float = 0.0, hits: int = 0, misses: int = 0
    ) -> None:
        day = self.days.setdefault(today(), Counter())
        day[f"jobs_{status}"] += 1
        day["tokens"] += tokens
        day["spend_usd"] += spend  # type: ignore[assignment]
        day["cache_hits"] += hits
        day["cache_misses"] += misses

    async def figures(self) -> dict[str, Any]:
        return _figures(dict(self.days.get(today(), Counter())))

    async def close(self) -> None:
        return None


class RedisDaily:
    def __init__(self, url: str, namespace: str = "pipeline:daily") -> None:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.ns = namespace

    async def record(
        self, status: str, tokens: int = 0, spend: float = 0.0, hits: int = 0, misses: int = 0
    ) -> None:
        key = f"{self.ns}:{today()}"
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hincrby(key, f"jobs_{status}", 1)
            pipe.hincrby(key, "tokens", tokens)
            pipe.hincrbyfloat(key, "spend_usd", spend)
            pipe.hincrby(key, "cache_hits", hits)
            pipe.hincrby(key, "cache_misses", misses)
            pipe.expire(key, KEEP_S)
            await pipe.execute()

    async def figures(self) -> dict[str, Any]:
        raw = await self.client.hgetall(f"{self.ns}:{today()}")
        return _figures({str(k): float(v) for k, v in raw.items()})

    async def close(self) -> None:
        await self.client.aclose()
