"""The job store the service uses: the live one (memory, or Redis) for what is fast and
short-lived, and the project store (SQL) and file store (a folder or a bucket) for what must
last.

Every new job is a version of a project, kept in SQL as it is made; every status it reaches
and every archive it finishes with are kept too. When the live store has lost a job (Redis
flushed, a restart, a record expired), the job is answered from what was kept: its record,
its project's list of versions, its files. Live events are the live store's alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.server.job_record import JobRecord
from pipeline.stores.file_store import FileStore, version_key
from pipeline.stores.open_files import open_files
from pipeline.stores.project_store import ProjectStore, Version, open_project_store, sql_url


def open_kept(postgres_url: str | None, data_dir: Path) -> tuple[ProjectStore, FileStore]:
    """The project store (PostgreSQL when configured, else SQLite) and the file store (the
    bucket ``PIPELINE_S3_BUCKET`` names, else the data folder's ``files``)."""
    files = open_files(data_dir)
    files.check()
    return open_project_store(sql_url(postgres_url, data_dir)), files


@functools.cache
def _kept_for(postgres_url: str | None, data_dir: Path) -> tuple[ProjectStore, FileStore]:
    return open_kept(postgres_url, data_dir)


def version_files(postgres_url: str | None, data_dir: Path, job_id: str) -> bytes | None:
    """The files (a zip) of the version ``job_id`` made, from the stores: how a worker loads an
    edit's base version by its id (one store per process, opened on first use)."""
    projects, files = _kept_for(postgres_url, data_dir)
    found = projects.version(job_id)
    if found is None:
        return None
    return files.get(found[1].files_key or version_key(job_id))


@dataclass(frozen=True)
class Quotas:
    """What one user may keep, set by the operator; None is no limit."""

    projects: int | None = None
    """``PIPELINE_QUOTA_PROJECTS``: projects at once."""
    bytes: int | None = None
    """``PIPELINE_QUOTA_MB``: the files of all their versions together."""

    @classmethod
    def from_env(cls) -> Quotas:
        projects, megabytes = os.environ.get("PIPELINE_QUOTA_PROJECTS"), os.environ.get("PIPELINE_QUOTA_MB")
        return cls(int(projects) if projects else None, int(float(megabytes) * 2**20) if megabytes else None)


class QuotaExceeded(Exception):
    """A new project or version that would take a user past their quota; the message says which."""


class KeptJobs:
    def __init__(
        self, live: Any, projects: ProjectStore, files: FileStore, quotas: Quotas | None = None
    ) -> None:
        self.live = live
        self.projects = projects
        self.files = files
        self.quotas = quotas or Quotas()
        self._shared: dict[str, str] = {}
        """A go-back's job id → the files key of the version it restores, until its version is
        listed (the go-back holds a reference to those files, never a copy)."""

    async def create(self, job_id: str, record: JobRecord, account: str | None = None) -> None:
        """Keeps the new job; a new project is ``account``'s (a signed-in person's user id) when
        given, else the user its record's owner names."""
        await asyncio.to_thread(self._keep_new, job_id, record, account)
        await self.live.create(job_id, record)

    def _keep_new(self, job_id: str, record: JobRecord, account: str | None = None) -> None:
        kind, _, subject = record.owner.partition(":")
        user = account or self.projects.user(kind or "anonymous", subject or job_id)
        self._check_quotas(user, new_project=record.project == job_id)
        if record.project == job_id:
            self.projects.create_project(
                job_id, owner=user, name=record.prompt.strip()[:80] or "Untitled", request=record.prompt,
                made_by=user, options=record.options,
            )  # fmt: skip
            return
        # a project made before this store kept projects lives in the live store only
        with contextlib.suppress(LookupError):
            self.projects.add_version(
                record.project, job_id=job_id, request=record.prompt, made=record.made, made_by=user,
                options=record.options,
            )  # fmt: skip
            shared = self._shared.pop(job_id, None)
            if shared is not None:
                self.projects.set_files(job_id, shared, 0)

    def _check_quotas(self, user: str, *, new_project: bool) -> None:
        most = self.quotas.projects
        if new_project and most is not None and self.projects.count(user) >= most:
            raise QuotaExceeded(
                f"you keep {most} projects already, the most this server allows: delete one first"
            )
        room = self.quotas.bytes
        if room is not None and self.projects.bytes_of(user) >= room:
            raise QuotaExceeded(
                f"your projects hold {room / 2**20:g} MiB already, the most this server allows: delete some first"
            )

    async def update(self, job_id: str, **fields: Any) -> None:
        if await self.live.get(job_id) is None:  # lost by the live store: it gets the kept record back
            kept = await asyncio.to_thread(self._kept_record, job_id)
            if kept is not None:
                await self.live.create(job_id, JobRecord.model_validate(kept))
        await self.live.update(job_id, **fields)
        if "status" in fields:
            await asyncio.to_thread(self._keep_status, job_id, str(fields["status"]), fields.get("summary"))

    def _keep_status(self, job_id: str, status: str, summary: Any) -> None:
        kept_summary = summary if isinstance(summary, dict) else None
        self.projects.finish_version(job_id, status=status, summary=kept_summary)
        found = self.projects.version(job_id)
        if found is not None and found[1].number == 1 and kept_summary and kept_summary.get("app_name"):
            self.projects.name_project(found[0], str(kept_summary["app_name"]))

    async def set_archive(self, job_id: str, data: bytes) -> None:
        key = version_key(job_id)
        await asyncio.to_thread(self.files.put, key, data)
        await asyncio.to_thread(self.projects.set_files, job_id, key, len(data))
        await self.live.set_archive(job_id, data)

    async def share_archive(self, job_id: str, source_id: str) -> bool:
        """``job_id``'s files are ``source_id``'s (a go-back): a reference, in the live store and
        in the kept version, never another copy."""
        found = await asyncio.to_thread(self.projects.version, source_id)
        key = (found[1].files_key if found is not None else None) or version_key(source_id)
        if not await self.live.share_archive(job_id, source_id):
            data = await asyncio.to_thread(self.files.get, key)
            if data is None:
                return False
            await self.live.set_archive(job_id, data)  # the live store lost it: it gets it back
        self._shared[job_id] = key
        return True

    async def add_version(self, root_id: str, job_id: str, text: str, made: str) -> int:
        """The next version number of the project, taken atomically by the live store (which gets
        the project's record back from here when it lost it)."""
        if await self.live.get(root_id) is None:
            kept = await asyncio.to_thread(self._kept_record, root_id)
            if kept is not None:
                await self.live.create(root_id, JobRecord.model_validate(kept))
        number: int = await self.live.add_version(root_id, job_id, text, made)
        return number

    async def recent(self, limit: int) -> list[dict[str, Any]]:
        """The newest jobs the live store holds (the operator's first look)."""
        found: list[dict[str, Any]] = await self.live.recent(limit)
        return found

    async def archive(self, job_id: str) -> bytes | None:
        data: bytes | None = await self.live.archive(job_id)
        if data is not None:
            return data
        found = await asyncio.to_thread(self.projects.version, job_id)
        if found is None:
            return None
        # a go-back's files are stored before its version is listed: its key is still its own
        return await asyncio.to_thread(self.files.get, found[1].files_key or version_key(job_id))

    async def get(self, job_id: str) -> dict[str, Any] | None:
        record: dict[str, Any] | None = await self.live.get(job_id)
        if record is not None and "versions" not in record:
            return record
        kept = await asyncio.to_thread(self._kept_record, job_id)
        if record is None:
            return kept
        if kept is not None:  # a project's list of versions is the kept one
            record["versions"] = kept["versions"]
        return record

    def _kept_record(self, job_id: str) -> dict[str, Any] | None:
        found = self.projects.version(job_id)
        if found is None:
            return None
        project_id, version = found
        project = self.projects.project(project_id)
        who = self.projects.subject(version.made_by) if version.made_by else None
        record: dict[str, Any] = {
            "id": job_id, "owner": f"{who[0]}:{who[1]}" if who else "", "status": version.status,
            "prompt": version.request, "options": version.options or {}, "created_at": version.created_at,
            "project": project_id, "version": version.number, "made": version.made, "progress": {},
            "summary": version.summary, "error": None,
        }  # fmt: skip
        if version.number == 1 and project is not None:
            record["versions"] = [_listed(v) for v in project.versions]
        return record

    async def forget(self, job_id: str) -> None:
        """Removes what the live store holds of the job, and its files (its project was deleted)."""
        await self.live.forget(job_id)
        await asyncio.to_thread(self.files.delete, version_key(job_id))

    async def claim_review(self, job_id: str) -> str:
        claimed: str = await self.live.claim_review(job_id)
        return claimed

    async def add_event(self, job_id: str, event: dict[str, Any]) -> None:
        await self.live.add_event(job_id, event)

    async def events(self, job_id: str, start: int = 0) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self.live.events(job_id, start)
        return found

    async def close(self) -> None:
        await self.live.close()
        self.projects.close()


def _listed(version: Version) -> dict[str, Any]:
    return {
        "version": version.number,
        "job_id": version.job_id,
        "request": version.request,
        "made": version.made,
    }
