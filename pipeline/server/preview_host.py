"""The worker's side of previews in queue mode (the API's is ``previews_redis``, whose docstring
tells the whole exchange): a small HTTP server in front of this worker's :class:`PreviewManager`
that takes wanted previews from Redis, starts one only while it holds the job's lock, registers
its address, and serves only requests the API signed.

Its loops live through Redis outages: each retries with a growing pause, says so in the log once,
and reports its state at the host's ``/healthz`` and, for the API's ``/healthz``, in Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis

from pipeline.preview.app import PreviewError
from pipeline.preview.manager import PreviewManager
from pipeline.preview.proxy import Receive, Scope, Send, Unreachable, plain
from pipeline.projects.app_data import made_from
from pipeline.sandbox import SandboxUnavailable
from pipeline.server.jobs import WITH_PROJECT, is_job_id
from pipeline.server.leases import EXTEND, RELEASE
from pipeline.server.middleware import headers_refusal, uvicorn_options
from pipeline.server.preview_auth import shared_secret, target_of, verify
from pipeline.server.preview_keys import (
    FORGET_FOR_S,
    FORGOTTEN,
    HOSTS,
    OUTAGES,
    WANTED,
    address_key,
    asked_key,
    error_key,
    lock_key,
)
from pipeline.server.preview_origin import split_path
from pipeline.tracing.store import RunStore

log = logging.getLogger(__name__)
LOCK_TTL_MS = 15_000
"""A preview's lock outlives its holder by at most this: refreshed every second while it runs."""


class PreviewHost:
    """The worker's side: takes wanted previews, runs them, serves them to the API over HTTP."""

    def __init__(self, redis_url: str, jobs: Any, root: Path, runs: RunStore | None = None) -> None:
        self.redis = aioredis.from_url(redis_url, decode_responses=True)
        self.jobs = jobs
        self.runs = runs
        """This host's run traces: a deleted project's go with its previews."""
        self.manager = PreviewManager(
            root,
            max_previews=int(os.environ.get("PIPELINE_MAX_PREVIEWS", "4")),
            idle_s=float(os.environ.get("PIPELINE_PREVIEW_IDLE_S", "600")),
        )
        self.address = ""
        self.token = secrets.token_hex(8)
        """This host in locks and health reports: opaque, never a host name or pid."""
        self.loops: dict[str, str] = {"wanted": "starting", "fresh": "starting", "forget": "starting"}
        self._registered: set[str] = set()
        self._starting: set[str] = set()
        self._forgot_until = 0.0
        self._tasks: list[asyncio.Task[Any]] = []
        self._server: Any = None
        self._secret = b""

    async def start(self) -> None:
        import uvicorn

        host, _, port = os.environ.get("PIPELINE_PREVIEW_BIND", "127.0.0.1:0").rpartition(":")
        config = uvicorn.Config(
            self.serve, host=host or "127.0.0.1", port=int(port or 0), log_level="warning",
            lifespan="off", interface="asgi3", **uvicorn_options(),
            # only requests the API signed are served: the visitor's address it sends is its own word
            proxy_headers=True, forwarded_allow_ips="*",
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self._server.serve()))
        while not self._server.started:
            await asyncio.sleep(0.02)
        bound = self._server.servers[0].sockets[0].getsockname()
        advertised = os.environ.get("PIPELINE_PREVIEW_ADVERTISE") or f"{bound[0]}:{bound[1]}"
        self.address = f"http://{advertised}"
        self._tasks.append(loop.create_task(self._looping("wanted", self._take_one)))
        self._tasks.append(loop.create_task(self._looping("fresh", self._keep_fresh, pause_s=1.0)))
        self._tasks.append(loop.create_task(self._looping("forget", self._forget_deleted, pause_s=2.0)))

    async def _looping(self, name: str, step: Callable[[], Awaitable[None]], pause_s: float = 0.0) -> None:
        """``step`` again and again; through a Redis outage, again after a pause that grows to
        10 s, with one line in the log when it goes and one when it is back."""
        backoff = 0.5
        while True:
            try:
                await step()
            except OUTAGES as exc:
                if not self.loops[name].startswith("redis"):
                    log.warning("preview loop %s: Redis unreachable (%s); retrying", name, type(exc).__name__)
                self.loops[name] = f"redis unreachable since {time.strftime('%H:%M:%S')}"
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            except Exception:  # a bug in one round never ends the loop
                log.exception("preview loop %s failed a round", name)
                await asyncio.sleep(1.0)
                continue
            if self.loops[name].startswith("redis"):
                log.warning("preview loop %s: Redis is back", name)
            self.loops[name], backoff = "ok", 0.5
            if pause_s:
                await asyncio.sleep(pause_s)

    async def _claim(self, job_id: str) -> bool:
        """Whether this host holds the job's preview lock (taking it when it is free)."""
        key = lock_key(job_id)
        if await self.redis.set(key, self.token, nx=True, px=LOCK_TTL_MS):
            return True
        return bool(await self.redis.eval(EXTEND, 1, key, self.token, LOCK_TTL_MS))

    async def _open(self, job_id: str) -> Any:
        """The job's preview on this host, started if this host wins its lock; None when
        another host runs it. The lock is let go if the start fails."""
        if job_id not in self.manager.running and not await self._claim(job_id):
            return None
        self._starting.add(job_id)  # a build can outlive the lock's first life: kept fresh too
        try:
            record = await self.jobs.get(job_id)
            base_id = made_from(record) if record else None  # its data, when this host kept it
            return await self.manager.open(job_id, lambda: self.jobs.archive(job_id), base_id)
        except BaseException:
            with contextlib.suppress(*OUTAGES):
                await self.redis.eval(RELEASE, 1, lock_key(job_id), self.token)
            raise
        finally:
            self._starting.discard(job_id)

    async def _open_when_free(self, job_id: str) -> Any:
        """As ``_open``; while another host holds the lock but serves nothing yet (it died
        holding it and the lock has not lapsed, or it is still starting the app), waits for the
        lock to lapse or the address to appear, for at most a lock's life."""
        deadline = time.monotonic() + LOCK_TTL_MS / 1000 + 2
        while True:
            preview = await self._open(job_id)
            if preview is not None or await self.redis.exists(address_key(job_id)):
                return preview
            if time.monotonic() > deadline:
                return None  # a live host holds it through a long start: it registers when ready
            await asyncio.sleep(0.5)

    async def _take_one(self) -> None:
        taken = await self.redis.brpop([WANTED], timeout=1)
        if not taken:
            return
        job_id = str(taken[1])
        try:
            if not is_job_id(job_id):
                return  # never a lock, a folder or a start for an id that is not one
            refused = await self._refusal(job_id)
            if refused:
                raise PreviewError(f"it cannot be previewed: {refused}")
            if await self._open_when_free(job_id) is None:
                return  # another worker runs it, and registers its address
            await self.redis.set(address_key(job_id), self.address, ex=int(self.manager.idle_s) + 60)
        except (PreviewError, SandboxUnavailable) as exc:
            reason = {"reason": getattr(exc, "reason", str(exc)), "lines": getattr(exc, "lines", "")}
            await self.redis.set(error_key(job_id), json.dumps(reason), ex=60)
        except OUTAGES:
            raise
        except Exception as exc:  # a preview never takes the worker down
            log.warning("preview %s: %s", job_id, type(exc).__name__)
            await self.redis.set(
                error_key(job_id), json.dumps({"reason": "the preview failed to start"}), ex=60
            )
        finally:
            with contextlib.suppress(*OUTAGES):
                await self.redis.delete(asked_key(job_id))

    async def _keep_fresh(self) -> None:
        """Locked while starting or running, registered while running, both gone once stopped
        (idle, or evicted for another): this host knows what it holds, so it never scans the
        keyspace. A lock that lapsed (Redis was away longer than its life) is taken back; one that
        another host took meanwhile stops this host's copy."""
        running = set(self.manager.running)
        held = sorted(running | self._starting)
        gone = self._registered - running - self._starting
        async with self.redis.pipeline(transaction=False) as batch:
            for job_id in held:
                batch.eval(EXTEND, 1, lock_key(job_id), self.token, LOCK_TTL_MS)
            for job_id in running:
                batch.set(address_key(job_id), self.address, ex=int(self.manager.idle_s) + 60)
            for job_id in gone:
                batch.eval(RELEASE, 1, lock_key(job_id), self.token)
                batch.delete(address_key(job_id))
            report = {"at": time.time(), "loops": {**self.loops, "previews": len(running)}}
            batch.hset(HOSTS, self.token, json.dumps(report))
            answers = await batch.execute()
        self._registered = running
        for job_id, still in zip(held, answers[: len(held)], strict=True):
            # lapsed while Redis was away: taken back if nobody took it meanwhile
            if still or job_id not in running or await self._claim(job_id):
                continue
            log.warning("preview %s: its lock went to another host; this copy stops", job_id)
            await self.manager.stop(job_id)
            await self.redis.eval(RELEASE, 1, address_key(job_id), self.address)  # if still ours
            self._registered.discard(job_id)

    async def _forget_deleted(self) -> None:
        """Previews, kept data and run traces of deleted projects go from this host too."""
        now = time.time()
        await self.redis.zremrangebyscore(FORGOTTEN, 0, now - FORGET_FOR_S)
        for job_id in await self.redis.zrangebyscore(FORGOTTEN, self._forgot_until, "+inf"):
            await self.manager.forget(str(job_id))
            if self.runs is not None and is_job_id(str(job_id)):
                await asyncio.to_thread(shutil.rmtree, self.runs.folder(str(job_id)), True)
        self._forgot_until = now - 5  # overlaps the last look: an entry added meanwhile is seen

    async def _refusal(self, job_id: str) -> str:
        """Why this job cannot be previewed, or ""."""
        job = await self.jobs.get(job_id)
        if job is None:
            return "no such job"
        return "" if job.get("status") in WITH_PROJECT else f"the job is {job.get('status')}"

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == "/healthz" and scope["method"] == "GET":
            await _json(
                send, 200, {"status": "ok", "loops": self.loops, "previews": len(self.manager.running)}
            )
            return
        if headers_refusal(scope["headers"]):
            await plain(send, 431, b"Request headers too large.")
            return
        split = split_path(_raw(scope).decode("latin-1"), "/")
        job_id = split[0] if split else ""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not self._secret:
            self._secret = await shared_secret(self.redis)
        if not verify(self._secret, scope["method"], target_of(scope), job_id, headers):
            await plain(send, 403, b"Only the API may ask for previews here.")
            return
        if split is None or not is_job_id(job_id):
            await plain(send, 404, b"No such preview.")
            return
        refused = await self._refusal(job_id)
        if refused:
            await plain(send, 409, refused.encode())
            return
        try:
            preview = await self._open(job_id)
        except (PreviewError, SandboxUnavailable) as exc:
            await plain(send, 503, str(exc).encode())
            return
        if preview is None:
            await plain(
                send, 503, b"The preview runs on another worker; try again.", [(b"retry-after", b"1")]
            )
            return
        preview.touch()
        try:
            await preview.proxy.forward(scope, receive, send, split[1])
        except Unreachable:
            await plain(send, 502, b"The app is not running.")

    async def close(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        registered = self._registered | set(self.manager.running)
        await self.manager.close()
        with contextlib.suppress(*OUTAGES):
            for job_id in registered:
                await self.redis.eval(RELEASE, 1, lock_key(job_id), self.token)
                await self.redis.delete(address_key(job_id))
            await self.redis.hdel(HOSTS, self.token)
        await self.redis.aclose()


def _raw(scope: Scope) -> bytes:
    raw: bytes = scope.get("raw_path") or scope["path"].encode()
    return raw


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})
