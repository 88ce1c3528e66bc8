"""Job records, events and archives: in memory for one process, in Redis so any worker or
host can answer for any job."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pipeline.server.job_record import JobRecord
from pipeline.server.job_record import new_record as new_record  # the one maker of records
from pipeline.stores.connect import redis_async

T = TypeVar("T")

JOB_TTL_S = 86_400
REVIEW_TTL_S = float(os.environ.get("PIPELINE_REVIEW_TTL_S", "86400"))
"""How long a job waits for its review before it ends ``expired``."""

FINISHED = ("succeeded", "partial", "failed", "rejected", "expired")
WITH_PROJECT = ("succeeded", "partial")
"""Finished with a project to download and preview (``partial``: it does less than asked)."""
JOB_ID = re.compile(r"^[0-9a-f]{32}$")
PRIVATE_FIELDS = ("owner", "worker")
"""Kept on the record for the service and its operator, never shown to a client: who may change
the job (a hash), and which host and process runs it."""


def new_job_id() -> str:
    """128 random bits: a job is read by its id alone, so the id is the read capability."""
    return secrets.token_hex(16)


def is_job_id(value: str) -> bool:
    return bool(JOB_ID.match(value))


def _digest(kind: str, secret: str) -> str:
    return f"{kind}:" + hashlib.sha256(secret.encode()).hexdigest()


def owner_of(token: str | None, job_secret: str) -> str:
    """Who may change a job: the API token that made it, or else the per-job secret given at creation."""
    return _digest("token", token) if token else _digest("secret", job_secret)


def is_owner(record: dict[str, Any], token: str | None, job_secret: str | None) -> bool:
    owner = str(record.get("owner") or "")
    kind, _, _ = owner.partition(":")
    given = token if kind == "token" else job_secret
    return bool(owner and given) and hmac.compare_digest(owner, _digest(kind, str(given)))


HOST_PATH_FIELDS = frozenset({"output_dir", "output_root"})
"""Where a worker wrote a project: a path on its host, never shown to a client."""
_JOB_FOLDER = re.compile(r"[^\s'\"]*/(?:jobs|previews)/[0-9a-f]{32}[^\s'\"]*")


def without_host_paths(value: Any) -> Any:
    """``value`` with no path of the worker's host: the fields that hold one are dropped, and a
    job folder named in a text (an error's message) is replaced by ``<job folder>``."""
    if isinstance(value, dict):
        return {k: without_host_paths(v) for k, v in value.items() if k not in HOST_PATH_FIELDS}
    if isinstance(value, list):
        return [without_host_paths(v) for v in value]
    if isinstance(value, str) and "/" in value:
        return _JOB_FOLDER.sub("<job folder>", value)
    return value


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A job's record as any client sees it: no owner, no worker, no host path."""
    kept: dict[str, Any] = without_host_paths({k: v for k, v in record.items() if k not in PRIVATE_FIELDS})
    return kept


def public_event(event: dict[str, Any]) -> dict[str, Any]:
    """A job's event as its public stream sends it."""
    kept: dict[str, Any] = without_host_paths(event)
    return kept


def version_entry(number: int, job_id: str, text: str, made: str) -> dict[str, Any]:
    return {"version": number, "job_id": job_id, "request": text, "made": made}


def _append_version(root: dict[str, Any], job_id: str, text: str, made: str) -> int:
    versions = root.get("versions") or [
        version_entry(1, str(root["id"]), str(root.get("prompt")), "generate")
    ]
    number = int(max(v["version"] for v in versions)) + 1
    root["versions"] = [*versions, version_entry(number, job_id, text, made)]
    return number


def _with_review_deadline(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("status") == "awaiting_review":
        return {**fields, "review_expires_at": time.time() + REVIEW_TTL_S}
    return fields


def _lapsed(record: dict[str, Any]) -> bool:
    deadline = record.get("review_expires_at")
    return (
        record.get("status") == "awaiting_review" and deadline is not None and time.time() > float(deadline)
    )


EXPIRED = {"status": "expired", "error": "nobody answered the review in time; start a new job"}


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

    async def create(self, job_id: str, record: JobRecord) -> None:
        self._jobs[job_id] = record.stored()
        self._events[job_id] = []
        self._evict()

    async def update(self, job_id: str, **fields: Any) -> None:
        self._jobs[job_id].update(_with_review_deadline(fields))
        if fields.get("status") in FINISHED:
            self._finished.pop(job_id, None)
            self._finished[job_id] = time.time()
            self._evict()

    async def claim_review(self, job_id: str) -> str:
        """``claimed`` when this answer is the one that counts, else the job's status."""
        job = self._jobs.get(job_id)  # no await between the check and the change: atomic here
        if job is None:
            return "gone"
        if job["status"] != "awaiting_review":
            return str(job["status"])
        if _lapsed(job):
            await self.update(job_id, **EXPIRED)
            return "expired"
        job["status"] = "queued"
        return "claimed"

    def _evict(self) -> None:
        now = time.time()
        for job_id in [j for j, job in self._jobs.items() if _lapsed(job)]:
            self._jobs[job_id].update(EXPIRED)
            self._finished[job_id] = now
        for job_id, at in list(self._finished.items()):
            if len(self._finished) <= self.keep and at > now - self.ttl_s:
                break
            del self._finished[job_id]
            self._jobs.pop(job_id, None)
            self._events.pop(job_id, None)
            self._archives.pop(job_id, None)

    async def get(self, job_id: str) -> dict[str, Any] | None:
        job = self._jobs.get(job_id)
        if job is not None and _lapsed(job):
            await self.update(job_id, **EXPIRED)
        return dict(job) if job else None

    async def add_event(self, job_id: str, event: dict[str, Any]) -> None:
        self._events[job_id].append(event)

    async def recent(self, limit: int) -> list[dict[str, Any]]:
        """The newest jobs first, for the operator."""
        self._evict()  # a review nobody answered shows as expired, with its reason
        newest = sorted(self._jobs.values(), key=lambda j: float(j.get("created_at") or 0), reverse=True)
        return [dict(j) for j in newest[:limit]]

    async def events(self, job_id: str, start: int = 0) -> list[dict[str, Any]]:
        return self._events.get(job_id, [])[start:]

    async def add_version(self, root_id: str, job_id: str, text: str, made: str) -> int:
        """The next version number of the project ``root_id``, with ``job_id`` listed under it
        (no await between the read and the write: atomic here)."""
        return _append_version(self._jobs[root_id], job_id, text, made)

    async def set_archive(self, job_id: str, data: bytes) -> None:
        self._archives[job_id] = data

    async def share_archive(self, job_id: str, source_id: str) -> bool:
        """``job_id``'s files are ``source_id``'s (a go-back): the same bytes, not a copy."""
        data = self._archives.get(source_id)
        if data is not None:
            self._archives[job_id] = data
        return data is not None

    async def forget(self, job_id: str) -> None:
        """Removes everything held of the job (its project was deleted)."""
        for held in (self._jobs, self._events, self._archives, self._finished):
            held.pop(job_id, None)

    async def archive(self, job_id: str) -> bytes | None:
        return self._archives.get(job_id)

    async def close(self) -> None:
        return None


class RedisJobs:
    def __init__(self, url: str, namespace: str = "pipeline:jobs") -> None:

        self.client: Any = redis_async(url)
        self.raw: Any = redis_async(url, text=False)
        self.ns = namespace

    async def create(self, job_id: str, record: JobRecord) -> None:
        key = f"{self.ns}:{job_id}"
        await self.client.set(key, json.dumps(record.stored()), ex=JOB_TTL_S)

    async def update(self, job_id: str, **fields: Any) -> None:
        # Only the worker running a job writes it, so read-modify-write needs no lock.
        key = f"{self.ns}:{job_id}"
        current = json.loads(await self.client.get(key) or "{}")
        current.update(_with_review_deadline(fields))
        await self.client.set(key, json.dumps(current, default=str), ex=JOB_TTL_S)

    async def claim_review(self, job_id: str) -> str:
        """``claimed`` when this answer is the one that counts, else the job's status. One answer
        wins: the status moves from awaiting_review in one transaction, so of two API processes
        answering at once, one succeeds and the other sees ``queued``."""

        def claim(job: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str]:
            if job is None:
                return None, "gone"
            if job.get("status") != "awaiting_review":
                return None, str(job.get("status"))
            outcome = "expired" if _lapsed(job) else "claimed"
            return {**job, **(EXPIRED if outcome == "expired" else {"status": "queued"})}, outcome

        return await self._change(f"{self.ns}:{job_id}", claim)

    async def _change(
        self, key: str, change: Callable[[dict[str, Any] | None], tuple[dict[str, Any] | None, T]]
    ) -> T:
        """``change`` applied to the JSON record at ``key`` in one optimistic transaction (WATCH):
        of two processes changing it at once, one retries on the other's result. ``change`` gets
        the record (None when there is none) and returns what to write (None: nothing) and what
        to answer."""
        from redis.exceptions import WatchError

        async with self.client.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(key)
                    raw = await pipe.get(key)
                    record, answer = change(json.loads(raw) if raw else None)
                    if record is None:
                        await pipe.unwatch()
                        return answer
                    pipe.multi()
                    pipe.set(key, json.dumps(record, default=str), keepttl=True)
                    await pipe.execute()
                    return answer
                except WatchError:
                    continue

    async def get(self, job_id: str) -> dict[str, Any] | None:
        raw = await self.client.get(f"{self.ns}:{job_id}")
        if not raw:
            return None
        job: dict[str, Any] = json.loads(raw)
        if _lapsed(job):
            await self.claim_review(job_id)  # expires it, atomically with any answer
            job.update(EXPIRED)
        return job

    async def recent(self, limit: int) -> list[dict[str, Any]]:
        """The newest jobs first, for the operator: a SCAN of the job records (32-character ids,
        so no event list or archive matches), read only when the operator's view asks."""
        keys = [k async for k in self.client.scan_iter(match=f"{self.ns}:{'?' * 32}", count=500)]
        records = [json.loads(raw) for raw in (await self.client.mget(keys) if keys else []) if raw]
        records.sort(key=lambda j: float(j.get("created_at") or 0), reverse=True)
        return records[:limit]

    async def add_event(self, job_id: str, event: dict[str, Any]) -> None:
        key = f"{self.ns}:{job_id}:events"
        await self.client.rpush(key, json.dumps(event, default=str))
        await self.client.expire(key, JOB_TTL_S)

    async def events(self, job_id: str, start: int = 0) -> list[dict[str, Any]]:
        return [json.loads(e) for e in await self.client.lrange(f"{self.ns}:{job_id}:events", start, -1)]

    async def add_version(self, root_id: str, job_id: str, text: str, made: str) -> int:
        """The next version number of the project ``root_id``, with ``job_id`` listed under it,
        in one transaction: of two API processes adding at once, one retries on the other's
        list, so numbers never repeat and no version is lost."""

        def add(root: dict[str, Any] | None) -> tuple[dict[str, Any] | None, int]:
            if root is None:
                raise LookupError(f"project {root_id} has expired")
            return root, _append_version(root, job_id, text, made)

        return await self._change(f"{self.ns}:{root_id}", add)

    async def set_archive(self, job_id: str, data: bytes) -> None:
        await self.raw.set(f"{self.ns}:{job_id}:archive", data, ex=JOB_TTL_S)

    async def share_archive(self, job_id: str, source_id: str) -> bool:
        """``job_id``'s files are ``source_id``'s (a go-back): a reference to the source's zip
        (whose life is extended to the new version's), never another copy of it."""
        source = str(await self.client.get(f"{self.ns}:{source_id}:archive_of") or source_id)
        archive = f"{self.ns}:{source}:archive"
        if not await self.raw.expire(archive, JOB_TTL_S):
            return False
        await self.client.set(f"{self.ns}:{job_id}:archive_of", source, ex=JOB_TTL_S)
        return True

    async def forget(self, job_id: str) -> None:
        """Removes everything held of the job (its project was deleted)."""
        keys = [f"{self.ns}:{job_id}{suffix}" for suffix in ("", ":events", ":archive", ":archive_of")]
        await self.client.delete(*keys)

    async def archive(self, job_id: str) -> bytes | None:
        source = await self.client.get(f"{self.ns}:{job_id}:archive_of")
        value = await self.raw.get(f"{self.ns}:{source or job_id}:archive")
        if value is None:
            return None
        return value if isinstance(value, bytes) else str(value).encode()

    async def close(self) -> None:
        await self.client.aclose()
        await self.raw.aclose()
