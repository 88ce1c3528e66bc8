"""Today's figures for the operator, and the service's daily budget: jobs by outcome, tokens,
spend (in total and per provider) and cache hits. In memory for one process; in Redis (one hash
per UTC day, kept three days) when several workers or hosts share the load.

Spend is taken before a paid call (``reserve``: the call's worst-case price, refused when the
day's budget cannot take it) and corrected after it (``settle``: the real price minus the
reservation), so however many workers call at once the budget is never overspent.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from pipeline.stores.connect import redis_async

KEEP_S = 3 * 86_400

# Check-and-reserve in one step: every worker on every host shares one daily budget exactly.
RESERVE = """
local spent = tonumber(redis.call('HGET', KEYS[1], 'calls_usd') or '0')
if spent + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBYFLOAT', KEYS[1], 'calls_usd', ARGV[1])
redis.call('HINCRBYFLOAT', KEYS[1], 'usd_' .. ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
"""

# A settlement moves spend by the real price minus the reservation; never below zero.
SETTLE = """
for _, field in ipairs({'calls_usd', 'usd_' .. ARGV[2]}) do
  local now = tonumber(redis.call('HGET', KEYS[1], field) or '0') + tonumber(ARGV[1])
  if now < 0 then now = 0 end
  redis.call('HSET', KEYS[1], field, tostring(now))
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


def today() -> str:
    return time.strftime("%Y-%m-%d", time.gmtime())


def _figures(raw: dict[str, float]) -> dict[str, Any]:
    hits, misses = raw.get("cache_hits", 0), raw.get("cache_misses", 0)
    return {
        "day": today(),
        "jobs": {k.removeprefix("jobs_"): int(v) for k, v in raw.items() if k.startswith("jobs_")},
        "tokens": int(raw.get("tokens", 0)),
        "spend_usd": round(float(raw.get("calls_usd", 0.0)), 6),
        "spend_by_provider": {
            k.removeprefix("usd_"): round(float(v), 6) for k, v in raw.items() if k.startswith("usd_")
        },
        "cache_hit_rate": round(hits / (hits + misses), 3) if hits + misses else None,
    }


class MemoryDaily:
    def __init__(self) -> None:
        self.days: dict[str, Counter[str]] = {}
        self.usd: dict[str, dict[str, float]] = {}

    def _day(self) -> tuple[Counter[str], dict[str, float]]:
        return self.days.setdefault(today(), Counter()), self.usd.setdefault(today(), {})

    async def record(self, status: str, tokens: int = 0, hits: int = 0, misses: int = 0) -> None:
        """A job ended (its calls' spend is counted as they happen, by ``reserve``/``settle``)."""
        counts, _ = self._day()
        counts[f"jobs_{status}"] += 1
        counts["tokens"] += tokens
        counts["cache_hits"] += hits
        counts["cache_misses"] += misses

    async def reserve(self, provider: str, usd: float, budget: float) -> bool:
        _, spend = self._day()
        if spend.get("calls_usd", 0.0) + usd > budget:
            return False
        await self.settle(provider, usd)
        return True

    async def settle(self, provider: str, delta: float) -> None:
        _, spend = self._day()
        for name in ("calls_usd", f"usd_{provider}"):
            spend[name] = max(0.0, spend.get(name, 0.0) + delta)

    async def figures(self) -> dict[str, Any]:
        counts, spend = self._day()
        return _figures({**{k: float(v) for k, v in counts.items()}, **spend})

    async def close(self) -> None:
        return None


class RedisDaily:
    def __init__(self, url: str, namespace: str = "pipeline:daily") -> None:

        self.client: Any = redis_async(url)
        self.ns = namespace
        self._reserve = self.client.register_script(RESERVE)
        self._settle = self.client.register_script(SETTLE)

    def _key(self) -> str:
        return f"{self.ns}:{today()}"

    async def record(self, status: str, tokens: int = 0, hits: int = 0, misses: int = 0) -> None:
        """A job ended (its calls' spend is counted as they happen, by ``reserve``/``settle``)."""
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hincrby(self._key(), f"jobs_{status}", 1)
            pipe.hincrby(self._key(), "tokens", tokens)
            pipe.hincrby(self._key(), "cache_hits", hits)
            pipe.hincrby(self._key(), "cache_misses", misses)
            pipe.expire(self._key(), KEEP_S)
            await pipe.execute()

    async def reserve(self, provider: str, usd: float, budget: float) -> bool:
        return bool(await self._reserve(keys=[self._key()], args=[repr(usd), repr(budget), provider, KEEP_S]))

    async def settle(self, provider: str, delta: float) -> None:
        await self._settle(keys=[self._key()], args=[repr(delta), provider, KEEP_S])

    async def figures(self) -> dict[str, Any]:
        raw = await self.client.hgetall(self._key())
        return _figures({str(k): float(v) for k, v in raw.items()})

    async def close(self) -> None:
        await self.client.aclose()
