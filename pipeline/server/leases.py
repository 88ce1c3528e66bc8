"""Leases in Redis: a key held by one holder, extended and freed only by that holder (a
compare-and-set in Lua), and gone by itself when the holder dies. A job's attempt holds one (the
queue can deliver a job twice); a worker's preview of a job holds another."""

from __future__ import annotations

import asyncio
from typing import Any

# compare-and-set on the lease's holder: only the attempt that holds it extends or frees it
EXTEND = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"
RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class JobLease:
    """One attempt of a job at a time. A queue can deliver a job twice (a sweep that finds a slow
    worker's job stuck puts it back while that worker still runs it); two attempts interleaving
    one checkpoint would corrupt the run. The lease lives as long as its holder's heartbeat."""

    def __init__(self, redis: Any, job_id: str, holder: str, ttl_s: float) -> None:
        self.redis, self.key, self.holder, self.ttl_ms = (
            redis,
            f"pipeline:lease:{job_id}",
            holder,
            int(ttl_s * 1000),
        )

    async def acquire(self, wait_s: float) -> bool:
        deadline = asyncio.get_running_loop().time() + wait_s
        while not await self.redis.set(self.key, self.holder, nx=True, px=self.ttl_ms):
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.5)
        return True

    async def extend(self) -> None:
        await self.redis.eval(EXTEND, 1, self.key, self.holder, self.ttl_ms)

    async def release(self) -> None:
        await self.redis.eval(RELEASE, 1, self.key, self.holder)
