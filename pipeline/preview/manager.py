"""Previews of finished jobs: each job's project unpacked, built and running in the sandbox while
someone looks at it. At most ``max_previews`` at once (the one idle longest is stopped for a new
one), each stopped after ``idle_s`` without a request; opened again, it starts again."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.preview.app import AppProcess, PreviewError, start_app
from pipeline.preview.build import build_frontend
from pipeline.preview.proxy import SocketProxy
from pipeline.projects.archive import unpack

ArchiveLoader = Callable[[], Awaitable[bytes | None]]


@dataclass
class Preview:
    job_id: str
    app: AppProcess
    proxy: SocketProxy
    started_s: float
    """Seconds from the request to a ready app (unpack, build, start)."""
    last_used: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        self.last_used = time.monotonic()


class PreviewManager:
    def __init__(self, root: Path, *, max_previews: int = 8, idle_s: float = 600.0) -> None:
        self.root = root
        self.max_previews = max(1, max_previews)
        self.idle_s = idle_s
        self.running: dict[str, Preview] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._starting = asyncio.Semaphore(1)  # builds take both cores: one at a time
        self._reaper: asyncio.Task[None] | None = None

    async def open(self, job_id: str, load: ArchiveLoader) -> Preview:
        """The job's running preview, started if it is not (PreviewError says why it cannot be)."""
        lock = self._locks.setdefault(job_id, asyncio.Lock())
        async with lock:
            preview = self.running.get(job_id)
            if preview is not None and preview.app.process.running():
                preview.touch()
                return preview
            if preview is not None:  # died on its own (out of memory, a crash): start it afresh
                await self.stop(job_id)
            return await self._start(job_id, load)

    async def _start(self, job_id: str, load: ArchiveLoader) -> Preview:
        began = time.monotonic()
        data = await load()
        if data is None:
            raise PreviewError("the project's files have expired from this server")
        while len(self.running) >= self.max_previews:
            idlest = min(self.running.values(), key=lambda p: p.last_used)
            await self.stop(idlest.job_id)
        folder = self.root / job_id
        async with self._starting:
            await asyncio.to_thread(unpack, data, folder)
            await asyncio.to_thread(build_frontend, folder)
            app = await asyncio.to_thread(start_app, folder)
        preview = Preview(job_id, app, SocketProxy(app.socket), started_s=round(time.monotonic() - began, 2))
        self.running[job_id] = preview
        self._ensure_reaper()
        return preview

    async def stop(self, job_id: str) -> None:
        preview = self.running.pop(job_id, None)
        lock = self._locks.get(job_id)
        if lock is not None and not lock.locked():  # one lock per job ever opened would only grow
            del self._locks[job_id]
        if preview is None:
            return
        await preview.proxy.aclose()
        await asyncio.to_thread(preview.app.stop)
        await asyncio.to_thread(shutil.rmtree, self.root / job_id, True)

    async def stop_idle(self) -> list[str]:
        now = time.monotonic()
        idle = [p.job_id for p in self.running.values() if now - p.last_used > self.idle_s]
        for job_id in idle:
            await self.stop(job_id)
        return idle

    def _ensure_reaper(self) -> None:
        if self._reaper is None or self._reaper.done():
            self._reaper = asyncio.get_running_loop().create_task(self._reap())

    async def _reap(self) -> None:
        while self.running:
            await asyncio.sleep(max(0.2, min(self.idle_s / 4, 15.0)))
            await self.stop_idle()

    async def close(self) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        for job_id in list(self.running):
            await self.stop(job_id)
