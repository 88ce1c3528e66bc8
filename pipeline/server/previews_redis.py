"""Previews in queue mode: they run on the workers, and the API finds them through Redis.

This module is the API's side (:class:`RemotePreviews`); the workers' side is ``preview_host``
and the keys both use are in ``preview_keys``.

A worker runs a preview host: a small HTTP server (on ``PIPELINE_PREVIEW_BIND``, loopback by
default, any port) in front of its own :class:`PreviewManager`. The API asks for a preview by
pushing the job id on ``wanted``; a worker takes it, and starts the app only if it wins the job's
preview lock (``SET NX PX`` with its own token: one preview per job across every worker, held
while it lives, gone when it stops or when its holder dies). It then writes its host's address
under the job's key (or the reason it could not, under the job's error key), and the API forwards
each request there, signed (``preview_auth``). The host answers only signed requests, for
well-formed ids of jobs that succeeded.

The host's loops live through Redis outages: each retries with a growing pause, says so in the
log once, and reports its state at the host's ``/healthz`` and, for the API's ``/healthz``, in Redis.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import redis.asyncio as aioredis

from pipeline.preview.app import PreviewError
from pipeline.preview.proxy import MAX_BODY, Forwarder, Receive, Scope, Send, Unreachable
from pipeline.server.preview_auth import shared_secret, sign
from pipeline.server.preview_keys import (
    FORGOTTEN,
    HOSTS,
    NS,
    OUTAGES,
    WANTED,
    address_key,
    asked_key,
    error_key,
)

START_WAIT_S = 90.0


class RemotePreviews:
    """The API's side: where a job's preview runs, asking a worker to start it when none does."""

    def __init__(self, redis_url: str, max_body: int = MAX_BODY) -> None:
        self.redis = aioredis.from_url(redis_url, decode_responses=True)
        self.max_body = max_body
        self._forwarders: dict[str, Forwarder] = {}
        self._secret = b""

    async def forward(self, job_id: str, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        if not self._secret:
            self._secret = await shared_secret(self.redis)
        secret = self._secret

        def signer(request: httpx.Request) -> list[tuple[str, str]]:
            return sign(secret, request.method, request.url.raw_path.decode("latin-1"), job_id)

        for attempt in (1, 2):
            address = str(await self.redis.get(address_key(job_id)) or await self._ask(job_id))
            forwarder = self._forwarders.get(address)
            if forwarder is None:
                forwarder = self._forwarders[address] = Forwarder(address, max_body=self.max_body)
            try:
                await forwarder.forward(scope, receive, send, f"/{job_id}{path}", signer)
                return
            except Unreachable:
                await self.redis.delete(address_key(job_id))  # that host is gone: ask again
                if attempt == 2:
                    raise PreviewError("the worker running the preview went away") from None

    async def _ask(self, job_id: str) -> str:
        # one push per start, however many first requests come at once
        if await self.redis.set(asked_key(job_id), 1, nx=True, ex=int(START_WAIT_S)):
            await self.redis.delete(error_key(job_id))
            await self.redis.lpush(WANTED, job_id)
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            address, error = await asyncio.gather(
                self.redis.get(address_key(job_id)), self.redis.get(error_key(job_id))
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

    async def forget(self, job_id: str) -> None:
        """Every worker stops the job's app and deletes its kept data (``_forget_deleted``)."""
        await self.redis.zadd(FORGOTTEN, {job_id: time.time()})
        await self.redis.delete(address_key(job_id))

    async def running(self) -> list[dict[str, Any]]:
        out = []
        async for key in self.redis.scan_iter(f"{NS}:*:at"):
            out.append({"job_id": key.split(":")[2], "at": await self.redis.get(key)})
        return out

    async def health(self) -> dict[str, Any]:
        """Redis as this API process sees it, and each live preview host's loops."""
        try:
            hosts = {k: json.loads(v) for k, v in (await self.redis.hgetall(HOSTS)).items()}
            gone = [k for k, h in hosts.items() if time.time() - float(h.get("at", 0)) > 300]
            if gone:  # hosts that died without saying so
                await self.redis.hdel(HOSTS, *gone)
        except OUTAGES as exc:
            return {"redis": f"unreachable ({type(exc).__name__})"}
        live = [h["loops"] for h in hosts.values() if time.time() - float(h.get("at", 0)) < 15]
        return {"redis": "ok", "preview_hosts": live}

    async def close(self) -> None:
        for forwarder in self._forwarders.values():
            await forwarder.aclose()
        await self.redis.aclose()
