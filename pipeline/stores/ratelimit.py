"""Per-client rate limits: ``RATE_LIMIT_GENERATION=10/minute``, exact over a sliding window,
in memory (one process) or in Redis (one atomic script, shared by every worker and host)."""

from __future__ import annotations

import re
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import ConfigError
from pipeline.stores.connect import redis_async

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

SLIDING = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count >= limit then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return {0, tostring(tonumber(oldest[2]) + window - now)}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('EXPIRE', key, math.ceil(window) + 1)
return {1, tostring(limit - count - 1)}
"""


@dataclass(frozen=True)
class Rate:
    limit: int
    window_s: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*", text)
        if not match:
            raise ConfigError(
                f"rate {text!r} is not like 10/minute", hint="use N/second, N/minute, N/hour or N/day"
            )
        return cls(int(match[1]), float(match[2] or 1) * _UNITS[match[3]])

    def __str__(self) -> str:
        return f"{self.limit}/{self.window_s:g}s"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0
    remaining: int = 0


class MemoryLimiter:
    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self.refused = 0
        self._swept = clock()

    def _forget_idle(self, now: float) -> None:
        """Drops clients with no hit inside the window, once a window: memory follows the
        clients of the last window, not every client ever seen."""
        if now - self._swept < self.rate.window_s:
            return
        self._swept = now
        for client in [
            c for c, hits in self._hits.items() if not hits or hits[-1] <= now - self.rate.window_s
        ]:
            del self._hits[client]

    def __len__(self) -> int:
        return len(self._hits)

    async def hit(self, client: str) -> Decision:
        now = self.clock()
        self._forget_idle(now)
        window = self._hits[client]
        while window and window[0] <= now - self.rate.window_s:
            window.popleft()
        if len(window) >= self.rate.limit:
            self.refused += 1
            return Decision(False, retry_after=window[0] + self.rate.window_s - now)
        window.append(now)
        return Decision(True, remaining=self.rate.limit - len(window))

    async def close(self) -> None:
        self._hits.clear()


class RedisLimiter:
    def __init__(self, rate: Rate, url: str, namespace: str = "pipeline:limit") -> None:

        self.rate = rate
        self.client = redis_async(url)
        self.ns = namespace
        self._script = self.client.register_script(SLIDING)
        self.refused = 0

    async def hit(self, client: str) -> Decision:
        allowed, value = await self._script(
            keys=[f"{self.ns}:{client}"],
            args=[repr(time.time()), self.rate.window_s, self.rate.limit, uuid.uuid4().hex],
        )
        if int(allowed):
            return Decision(True, remaining=int(float(value)))
        self.refused += 1
        return Decision(False, retry_after=max(0.0, float(value)))

    async def close(self) -> None:
        await self.client.aclose()
