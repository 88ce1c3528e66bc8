"""Previews in queue mode: they run on the workers, and the API finds them through Redis.

A worker runs a preview host: a small HTTP server (on ``PIPELINE_PREVIEW_BIND``, loopback by
default, any port) in front of its own :class:`PreviewManager`. The API asks for a preview by
pushing the job id on ``wanted``; a worker takes it, starts the app, and writes its host's
address under the job's key (or the reason it could not, under the job's error key). The API
then forwards each request to that address; the worker keeps the key fresh while the preview
lives and deletes it when the preview stops, so a stopped or lost preview is asked for again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis

from pipeline.preview.app import PreviewError
from pipeline.preview.manager import PreviewManager
from pipeline.preview.proxy import Forwarder, Receive, Scope, Send, Unreachable, plain
from pipeline.sandbox import SandboxUnavailable

log = logging.getLogger(__name__)
NS = "pipeline:previews"
WANTED = f"{NS}:wanted"
START_WAIT_S = 90.0


def _address_key(job_id: str) -> str:
    return f"{NS}:{job_id}:at"


def _error_key(job_id: str) -> str:
    return f"{NS}:{job_id}:error"


class RemotePreviews:
    """The API's side: where a job's preview runs, asking a worker to start it when none does."""

    def __init__(self, redis_url: str) -> None:
        self.redis = aioredis.from_url(redis_url, decode_responses=True)
        self._forwarders: dict[str, Forwarder] = {}

    async def forward(self, job_id: str, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        for attempt in (1, 2):
            address = str(await self.redis.get(_address_key(job_id)) or await self._ask(job_id))
            forwarder = self._forwarders.get(address)
            if forwarder is None:
                forwarder = self._forwarders[address] = Forwarder(address)
            try:
                await forwarder.forward(scope, receive, send, f"/{job_id}{path}")
                return
            except Unreachable:
                await self.redis.delete(_address_key(job_id))  # that host is gone: ask again
                if attempt == 2:
                    raise PreviewError("the worker running the preview went away") from None

    async def _ask(self, job_id: str) -> str:
        await self.redis.delete(_error_key(job_id))
        await self.redis.lpush(WANTED, job_id)
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            address, error = await asyncio.gather(
                self.redis.get(_address_key(job_id)), self.redis.get(_error_key(job_id))
            )
            if address:
                return str(address)
            if error:
                reason = json.loads(error)
                raise PreviewError(reason["reason"], reason.get("lines", ""))
            await asyncio.sleep(0.1)
        raise PreviewError(
            f"no worker started the preview within {START_WAIT_S:.0f} s (are workers running?)"
        )

    async def running(self) -> list[dict[str, Any]]:
        out = []
        async for key in self.redis.scan_iter(f"{NS}:*:at"):
            out.append({"job_id": key.split(":")[2], "at": await self.redis.get(key)})
        return out

    async def close(self) -> None:
        for forwarder in self._forwarders.values():
            await forwarder.aclose()
        await self.redis.aclose()


class PreviewHost:
    """The worker's side: takes wanted previews, runs them, serves them to the API over HTTP."""

    def __init__(self, redis_url: str, jobs: Any, root: Path) -> None:
        self.redis = aioredis.from_url(redis_url, decode_responses=True)
        self.jobs = jobs
        self.manager = PreviewManager(
            root,
            max_previews=int(os.environ.get("PIPELINE_MAX_PREVIEWS", "4")),
            idle_s=float(os.environ.get("PIPELINE_PREVIEW_IDLE_S", "600")),
        )
        self.address = ""
        self._registered: set[str] = set()
        self._tasks: list[asyncio.Task[Any]] = []
        self._server: Any = None

    async def start(self) -> None:
        import uvicorn

        host, _, port = os.environ.get("PIPELINE_PREVIEW_BIND", "127.0.0.1:0").rpartition(":")
        config = uvicorn.Config(
            self.serve,
            host=host or "127.0.0.1",
            port=int(port or 0),
            log_level="warning",
            lifespan="off",
            interface="asgi3",
        )
        self._server = uvicorn.Server(config)
        self._tasks.append(asyncio.get_running_loop().create_task(self._server.serve()))
        while not self._server.started:
            await asyncio.sleep(0.02)
        bound = self._server.servers[0].sockets[0].getsockname()
        advertised = os.environ.get("PIPELINE_PREVIEW_ADVERTISE") or f"{bound[0]}:{bound[1]}"
        self.address = f"http://{advertised}"
        self._tasks.append(asyncio.get_running_loop().create_task(self._take_wanted()))
        self._tasks.append(asyncio.get_running_loop().create_task(self._keep_fresh()))

    async def _open(self, job_id: str) -> Any:
        return await self.manager.open(job_id, lambda: self.jobs.archive(job_id))

    async def _take_wanted(self) -> None:
        while True:
            taken = await self.redis.brpop([WANTED], timeout=1)
            if not taken:
                continue
            job_id = str(taken[1])
            try:
                await self._open(job_id)
                await self.redis.set(_address_key(job_id), self.address, ex=int(self.manager.idle_s) + 60)
            except (PreviewError, SandboxUnavailable) as exc:
                reason = {"reason": getattr(exc, "reason", str(exc)), "lines": getattr(exc, "lines", "")}
                await self.redis.set(_error_key(job_id), json.dumps(reason), ex=60)
            except Exception as exc:  # a preview never takes the worker down
                log.warning("preview %s: %s", job_id, type(exc).__name__)
                await self.redis.set(
                    _error_key(job_id), json.dumps({"reason": "the preview failed to start"}), ex=60
                )

    async def _keep_fresh(self) -> None:
        """Registered while running, gone once stopped (idle, or evicted for another): this host
        knows what it registered, so it never scans the keyspace."""
        while True:
            await asyncio.sleep(1.0)
            running = set(self.manager.running)
            gone, self._registered = self._registered - running, running
            async with self.redis.pipeline(transaction=False) as batch:
                for job_id in running:
                    batch.set(_address_key(job_id), self.address, ex=int(self.manager.idle_s) + 60)
                for job_id in gone:
                    batch.delete(_address_key(job_id))
                await batch.execute()

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        job_id, _, rest = scope["path"].lstrip("/").partition("/")
        try:
            preview = await self._open(job_id)
        except (PreviewError, SandboxUnavailable) as exc:
            await plain(send, 503, str(exc).encode())
            return
        preview.touch()
        try:
            await preview.proxy.forward(scope, receive, send, "/" + rest)
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
        if registered:
            await self.redis.delete(*(_address_key(job_id) for job_id in registered))
        await self.redis.aclose()
