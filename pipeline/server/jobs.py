"""Job records, events and archives: in memory for one process, in Redis so any worker or
host can answer for any job."""

from __future__ import annotations

import json
import time
from typing import Any

JOB_TTL_S = 86_400


FINISHED = ("succeeded", "failed", "rejected")


class MemoryJobs:
    """One process's jobs. Finished ones are kept for ``ttl_s`` and at most ``keep`` of them (the
    oldest finished go first), so a long-running server's memory stays bounded."""

    def __init__(self, keep: int = 500, ttl_s: float = JOB_TTL_S) -> None:
        self._jobs: dict[str, dict[str, Any]] = {}
        self._events: dict[str, list[dict[str, Any]]] = {}
        self._archives: dict[str, bytes] = {}
        self._finished: dict[str, float] = {}  # job id → when it finished, oldest first
        self.keep = keep
        self.ttl_s = ttl_s

    async def create(self, job_id: str, record: dict[str, Any]) -> None:
        self._jobs[job_id] = dict(record)
        self._events[job_id] = []
        self._evict()

    async def update(self, job_id: str, **fields: Any) -> None:
        self._jobs[job_id].update(fields)
        if fields.get("status") in FINISHED:
            self._finished.pop(job_id, None)
            self._finished[job_id] = time.time()
            self._evict()

    def _evict(self) -> None:
        now = time.time()
        for job_id, at in list(self._finished.items()):
            if len(self._finished) <= self.keep and at > now - self.ttl_s:
                break
            del self._finished[job_id]
            self._jobs.pop(job_id, None)
            self._events.pop(job_id, None)
            self._archives.pop(job_id, None)

    async def get(self, job_id: str) -> dict[str, Any] | None:
        job = self._jobs.get(job_id)
        return dict(job) if job else None

    async def add_event(self, job_id: str, event: dict[str, Any]) -> None:
        self._events[job_id].append(event)

    async def events(self, job_id: str, start: int = 0) -> list[dict[str, Any]]:
        return self._events.get(job_id, [])[start:]

    async def set_archive(self, job_id: str, data: bytes) -> None:
        self._archives[job_id] = data

    async def archive(self, job_id: str) -> bytes | None:
        return self._archives.get(job_id)

    async def close(self) -> None:
        return None


class RedisJobs:
    def __init__(self, url: str, namespace: str = "pipeline:jobs") -> None:
        import redis.asyncio as aioredis

        self.client: Any = aioredis.Redis.from_url(
            url, decode_responses=True
        )  # Any: redis-py 7 types async commands as Awaitable[T] | T
        self.raw: Any = aioredis.Redis.from_url(url)
        self.ns = namespace

    async def create(self, job_id: str, record: dict[str, Any]) -> None:
        key = f"{self.ns}:{job_id}"
        await self.client.set(key, json.dumps(record), ex=JOB_TTL_S)

    async def update(self, job_id: str, **fields: Any) -> None:
        # Only the worker running a job writes it, so read-modify-write needs no lock.
        key = f"{self.ns}:{job_id}"
        current = json.loads(await self.client.get(key) or "{}")
        current.update(fields)
        await self.client.set(key, json.dumps(current, default=str), ex=JOB_TTL_S)

    async def get(self, job_id: str) -> dict[str, Any] | None:
        raw = await self.client.get(f"{self.ns}:{job_id}")
        return json.loads(raw) if raw else None

    async def add_event(self, job_id: str, event: dict[str, Any]) -> None:
        key = f"{self.ns}:{job_id}:events"
        await self.client.rpush(key, json.dumps(event, default=str))
        await self.client.expire(key, JOB_TTL_S)

    async def events(self, job_id: str, start: int = 0) -> list[dict[str, Any]]:
        return [json.loads(e) for e in await self.client.lrange(f"{self.ns}:{job_id}:events", start, -1)]

    async def set_archive(self, job_id: str, data: bytes) -> None:
        await self.raw.set(f"{self.ns}:{job_id}:archive", data, ex=JOB_TTL_S)

    async def archive(self, job_id: str) -> bytes | None:
        value = await self.raw.get(f"{self.ns}:{job_id}:archive")
        if value is None:
            return None
        return value if isinstance(value, bytes) else str(value).encode()

    async def close(self) -> None:
        await self.client.aclose()
        await self.raw.aclose()


def new_record(job_id: str, prompt: str, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": job_id,
        "status": "queued",
        "prompt": prompt,
        "options": options,
        "created_at": time.time(),
        "progress": {},
        "summary": None,
        "error": None,
    }
