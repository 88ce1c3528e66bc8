"""Previews of finished jobs: each job's project unpacked, built and running in the sandbox while
someone looks at it. At most ``max_previews`` at once (the one idle longest is stopped for a new
one), each stopped after ``idle_s`` without a request; opened again, it starts again.

Each preview runs in a stage of its own (:mod:`pipeline.preview.stage`, a capped tmpfs under
``root/work``). Stopping it, for idleness or to make room, keeps its data: the app's database and
uploads go to ``root/data/<job>`` and come back when it starts again; the code is unpacked afresh.

A host that dies (killed, out of memory) cannot unmount its stages, and its sandboxes die with it.
Another host sharing ``root`` sweeps them (data kept, tmpfs detached): when it is made, before each
start (so a preview that moves here starts on the dead host's latest data), and while it reaps.

Starting is one at a time (a build takes both cores), first come first served, with a bounded
queue, a bounded wait and a bounded build, and a start that failed is not tried again for
``retry_after_s``: no visitor holds the start slot for long, however hostile the project.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import fcntl
import logging
import os
import re
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.preview.app import AppProcess, PreviewError, start_app
from pipeline.preview.build import build_frontend
from pipeline.preview.proxy import SocketProxy
from pipeline.preview.stage import STAGE_MB, Stage
from pipeline.projects.app_data import data_to_start_from
from pipeline.projects.archive import unpack
from pipeline.sandbox.scratch import Scratch, alive, release_stale

log = logging.getLogger(__name__)
JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
ArchiveLoader = Callable[[], Awaitable[bytes | None]]


@dataclass
class Preview:
    job_id: str
    app: AppProcess
    proxy: SocketProxy
    started_s: float
    """Seconds from the request to a ready app (unpack, build, start)."""
    last_used: float = field(default_factory=time.monotonic)
    stage: Stage | None = None
    """Where it runs; released when it stops, its data kept."""

    def touch(self) -> None:
        self.last_used = time.monotonic()


class PreviewManager:
    def __init__(
        self,
        root: Path,
        *,
        max_previews: int = 8,
        idle_s: float = 600.0,
        build_timeout_s: float = 120.0,
        start_wait_s: float = 180.0,
        max_waiting: int = 8,
        retry_after_s: float = 30.0,
        stage_mb: int = STAGE_MB,
    ) -> None:
        self.root = root
        self.max_previews = max(1, max_previews)
        self.idle_s = idle_s
        self.build_timeout_s = build_timeout_s
        self.start_wait_s = start_wait_s
        self.max_waiting = max_waiting
        self.retry_after_s = retry_after_s
        self.stage_mb = stage_mb
        self.running: dict[str, Preview] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._starting = asyncio.Semaphore(1)  # builds take both cores: one at a time
        self._waiting = 0
        self._failed: dict[str, tuple[float, PreviewError]] = {}
        self._reaper: asyncio.Task[None] | None = None
        self.sweep_stale()
        atexit.register(self._keep_all_now)  # before the stages' own exit hook, which keeps nothing

    @property
    def work(self) -> Path:
        return self.root / "work"

    def kept_data(self, job_id: str) -> Path:
        """Where a stopped preview's database and uploads wait for it to start again."""
        return self.root / "data" / job_id

    def sweep_stale(self) -> None:
        """Stages left by a process that died keep their data, then go (their tmpfs detached).
        One sweep at a time across the hosts sharing ``root``: two copying one stage's data
        would race to replace what is kept."""
        if not self.work.is_dir():
            return
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            held = os.open(self.work, flags)
        except OSError as exc:
            log.warning("stale stages in %s not swept: the folder could not be opened (%s)", self.work, exc)
            return
        try:
            fcntl.flock(held, fcntl.LOCK_EX)
        except OSError as exc:
            os.close(held)
            log.warning(
                "stale stages in %s not swept: the sweep lock could not be taken (%s)", self.work, exc
            )
            return
        try:
            self._salvage()
        finally:
            os.close(held)  # lets go of the lock

    def _salvage(self) -> None:
        """Each dead host's stage: its data kept, then unmounted and removed (``release_stale``).
        A step that fails is logged with the stage's path, and the next steps run all the same."""
        try:
            entries = list(self.work.iterdir())
        except OSError as exc:
            log.warning(
                "stale stages in %s not salvaged: the folder could not be listed (%s)", self.work, exc
            )
            entries = []
        for entry in entries:
            name, _, pid = entry.name.rpartition(".")
            if not pid.isdigit() or alive(int(pid)) or entry.is_symlink() or not (entry / "data").is_dir():
                continue  # not a stage, or its maker is alive: not ours to take
            try:
                Stage(Scratch(entry, STAGE_MB, False)).keep_data(self.kept_data(name))
            except (OSError, PipelineError) as exc:
                log.warning(
                    "stale stage %s: its data could not be kept (%s); the stage goes all the same", entry, exc
                )
        release_stale(self.work)

    def _keep_all_now(self) -> None:
        """At exit without :meth:`close` (an unhandled signal, a crash): data kept all the same."""
        for job_id, preview in list(self.running.items()):
            with contextlib.suppress(Exception):
                preview.app.stop()
                if preview.stage is not None:
                    self._keep_and_release(preview.stage, job_id)

    async def open(self, job_id: str, load: ArchiveLoader, base_id: str | None = None) -> Preview:
        """The job's running preview, started if it is not (PreviewError says why it cannot be).
        ``base_id``: the version this one was made from; a first start copies that version's data
        (its app migrates the database to its own schema), so v2 opens on v1's records."""
        if not JOB_ID.fullmatch(job_id):  # it names folders: never a path of the caller's making
            raise PreviewError("there is no such job")
        lock = self._locks.setdefault(job_id, asyncio.Lock())
        async with lock:
            preview = self.running.get(job_id)
            if preview is not None and preview.app.process.running():
                preview.touch()
                return preview
            if preview is not None:  # died on its own (out of memory, a crash): start it afresh
                await self.stop(job_id)
            if base_id is not None and base_id in self.running and not self.kept_data(job_id).is_dir():
                await self.stop(base_id)  # its data is kept as it is now, for this version to start on
            return await self._start(job_id, load, base_id)

    async def _start(self, job_id: str, load: ArchiveLoader, base_id: str | None = None) -> Preview:
        now = time.monotonic()
        for old in [j for j, (when, _) in self._failed.items() if now - when >= self.retry_after_s]:
            del self._failed[old]  # remembered only as long as they are refused
        failed = self._failed.get(job_id)
        if failed is not None:
            raise failed[1]
        began = time.monotonic()
        data = await load()
        if data is None:
            raise PreviewError("the project's files have expired from this server")
        if self._waiting >= self.max_waiting:
            raise PreviewError("too many previews are starting: try again in a minute")
        self._waiting += 1
        try:
            await asyncio.wait_for(self._starting.acquire(), self.start_wait_s)
        except TimeoutError:
            raise PreviewError("previews are busy starting: try again in a minute") from None
        finally:
            self._waiting -= 1
        try:
            await asyncio.to_thread(self.sweep_stale)  # before its data is restored: it may be here
            while len(self.running) >= self.max_previews:
                idlest = min(self.running.values(), key=lambda p: p.last_used)
                await self.stop(idlest.job_id)
            stage = await asyncio.to_thread(Stage.create, self.work, job_id, size_mb=self.stage_mb)
            try:
                app = await asyncio.to_thread(self._prepare, stage, job_id, data, base_id)
            except PreviewError as exc:
                self._failed[job_id] = (time.monotonic(), exc)
                await asyncio.to_thread(stage.release)
                raise
            except BaseException:
                await asyncio.to_thread(stage.release)
                raise
        finally:
            self._starting.release()
        self._failed.pop(job_id, None)
        preview = Preview(
            job_id, app, SocketProxy(app.socket), started_s=round(time.monotonic() - began, 2), stage=stage
        )
        self.running[job_id] = preview
        self._ensure_reaper()
        return preview

    def _prepare(self, stage: Stage, job_id: str, archive: bytes, base_id: str | None) -> AppProcess:
        unpack(archive, stage.project)
        stage.restore_data(data_to_start_from(self.kept_data, job_id, base_id))
        build_frontend(stage.project, stage.site, timeout_s=self.build_timeout_s)
        return start_app(stage.project, site=stage.site, data=stage.data, runtime=stage.run)

    async def stop(self, job_id: str) -> None:
        preview = self.running.pop(job_id, None)
        lock = self._locks.get(job_id)
        if lock is not None and not lock.locked():  # one lock per job ever opened would only grow
            del self._locks[job_id]
        if preview is None:
            return
        await preview.proxy.aclose()
        await asyncio.to_thread(preview.app.stop)
        if preview.stage is not None:
            await asyncio.to_thread(self._keep_and_release, preview.stage, job_id)

    async def forget(self, job_id: str) -> None:
        """The job's preview stopped and its kept data deleted (its project was deleted)."""
        if not JOB_ID.fullmatch(job_id):
            return
        await self.stop(job_id)
        await asyncio.to_thread(shutil.rmtree, self.kept_data(job_id), True)

    def _keep_and_release(self, stage: Stage, job_id: str) -> None:
        try:
            stage.keep_data(self.kept_data(job_id))
        except (OSError, PipelineError) as exc:  # the stop goes on: it frees room for others
            log.warning("preview %s: its data could not be kept: %s", job_id, exc)
        finally:
            stage.release()

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
            await asyncio.to_thread(self.sweep_stale)

    async def close(self) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        for job_id in list(self.running):
            await self.stop(job_id)
        atexit.unregister(self._keep_all_now)
