"""What a user holds, as one zip (their export), and the clean-up of versions that are gone
(a project's deletion, an account's).

The export is laid out for a person to open:

```
records.json                     the projects with their versions' records (request, status,
                                 summary, options, times) and where each version's files are
projects/<project id>/v<N>/...   the files of version N, as its archive holds them
```
"""

from __future__ import annotations

import asyncio
import io
import json
import posixpath
import shutil
import time
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from pipeline.stores.file_store import FileStore, version_key
from pipeline.stores.project_store import Project, Version
from pipeline.tracing.store import RunStore


def write_export(out: IO[bytes], owned: list[Project], files: FileStore) -> None:
    """Writes the zip of ``owned`` (the projects, every version's files, ``records.json``)."""
    records: list[dict[str, Any]] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as export:
        for project in owned:
            listed = []
            for version in project.versions:
                folder = f"projects/{project.id}/v{version.number}"
                data = files.get(version.files_key or version_key(version.job_id))
                held = _copy_archive(export, data, folder) if data is not None else None
                listed.append({**_record(version), "files": held})
            records.append(
                {"id": project.id, "name": project.name, "created_at": project.created_at,
                 "updated_at": project.updated_at, "versions": listed}
            )  # fmt: skip
        body = {"exported_at": time.time(), "projects": records}
        export.writestr("records.json", json.dumps(body, indent=2, ensure_ascii=False))


def _copy_archive(export: zipfile.ZipFile, data: bytes, folder: str) -> str:
    """Copies the entries of one version's archive under ``folder``; where they are. An entry
    whose name would leave the folder is left out (the archive is the service's own, but a name
    is never trusted); an archive that is no zip is kept as it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        export.writestr(f"{folder}.zip", data)
        return f"{folder}.zip"
    with archive:
        for entry in archive.infolist():
            name = posixpath.normpath(entry.filename)
            if entry.is_dir() or name.startswith(("/", "../")) or name in (".", ".."):
                continue
            with archive.open(entry) as source, export.open(f"{folder}/{name}", "w") as target:
                shutil.copyfileobj(source, target, 1 << 16)
    return f"{folder}/"


def _record(version: Version) -> dict[str, Any]:
    return {
        "version": version.number, "job_id": version.job_id, "request": version.request, "made": version.made,
        "status": version.status, "created_at": version.created_at, "summary": version.summary,
        "options": version.options, "files_bytes": version.files_bytes,
    }  # fmt: skip


async def forget_versions(state: Any, versions: Iterable[Version]) -> None:
    """What is left of versions whose records are deleted: the live store's record and files,
    the running preview with the data it kept, and the run's trace on this host (each worker host
    removes its own copies when it reads the forgotten list:
    ``preview_host.PreviewHost._forget_deleted``)."""
    runs = RunStore(state.settings.data_dir)
    for version in versions:
        await state.jobs.forget(version.job_id)
        await state.previews.forget(version.job_id)
        await asyncio.to_thread(shutil.rmtree, runs.folder(version.job_id), True)
