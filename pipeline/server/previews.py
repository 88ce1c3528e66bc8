"""One protocol for the two preview back ends, so the routes never ask which one runs:
``LocalPreviews`` (the apps run in this process, without Redis) and ``RemotePreviews``
(``previews_redis`` and ``preview_host``: the workers run them, in queue mode)."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

from pipeline.preview.manager import PreviewManager
from pipeline.preview.proxy import Receive, Scope, Send
from pipeline.projects.app_data import made_from


class Previews(Protocol):
    async def forward(self, job_id: str, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        """Answers one request to the job's app at ``path``, starting the app when it is not
        running (``PreviewError`` says why it cannot be)."""

    async def forget(self, job_id: str) -> None:
        """Stops the job's app wherever it runs and deletes the data it kept (its project is gone)."""

    async def running(self) -> list[dict[str, Any]]:
        """The previews running now, for the operator: job id, seconds to start, seconds idle."""

    async def close(self) -> None: ...


class LocalPreviews:
    """Previews run by this process, each job's app started from the job store's archive."""

    def __init__(self, manager: PreviewManager, jobs: Any) -> None:
        self.manager = manager
        self.jobs = jobs

    async def forward(self, job_id: str, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        record = await self.jobs.get(job_id)
        base_id = made_from(record) if record else None
        preview = await self.manager.open(job_id, lambda: self.jobs.archive(job_id), base_id)
        preview.touch()
        await preview.proxy.forward(scope, receive, send, path)

    async def running(self) -> list[dict[str, Any]]:
        now = time.monotonic()
        return [
            {"job_id": p.job_id, "started_s": p.started_s, "idle_s": round(now - p.last_used, 1),
             "memory_mb": round(await asyncio.to_thread(p.app.process.memory_bytes) / 2**20, 1)}
            for p in list(self.manager.running.values())
        ]  # fmt: skip

    async def forget(self, job_id: str) -> None:
        await self.manager.forget(job_id)

    async def close(self) -> None:
        await self.manager.close()
