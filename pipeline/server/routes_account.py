"""``/api/v1/me``: everything the caller holds, as one zip, and the deletion of their account
with everything in it. The caller is who ``routes_projects`` says (an API token, a session, or
without tokens the job secret of one of their projects)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask

from pipeline.server.account import forget_versions, write_export
from pipeline.server.problems import problems
from pipeline.server.routes_projects import _caller
from pipeline.stores.file_store import FileStore
from pipeline.stores.project_store import Project, ProjectStore

router = APIRouter()


@router.get(
    "/api/v1/me/export",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "the zip"}, **problems(400, 401)},
)
async def export_account(request: Request) -> Any:
    """A zip of every project the caller holds: each version's files and ``records.json`` with
    their records."""
    held = await _held(request)
    if isinstance(held, JSONResponse):
        return held
    _, owned = held
    files: FileStore = request.app.state.files
    # written to a temporary file, not memory: a user's versions together may be large
    fd, path = tempfile.mkstemp(prefix="pipeline-export-", suffix=".zip")
    try:
        with os.fdopen(fd, "wb") as out:
            await asyncio.to_thread(write_export, out, owned, files)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path, media_type="application/zip", filename="pipeline-export.zip",
        headers={"Cache-Control": "no-store"}, background=BackgroundTask(_unlink, path),
    )  # fmt: skip


async def _held(request: Request) -> tuple[str, list[Project]] | JSONResponse:
    """The caller and every project they hold, or the 401 answer."""
    caller = await asyncio.to_thread(_caller, request)
    if isinstance(caller, JSONResponse):
        return caller
    return caller, await asyncio.to_thread(request.app.state.projects.owned, caller)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


@router.delete(
    "/api/v1/me", status_code=204, response_class=Response, response_model=None, responses=problems(400, 401)
)
async def delete_account(request: Request) -> Any:
    """Removes the caller's account: every project with its versions, their files, previews and
    traces, and the user itself. Coming back with the same token starts an empty account."""
    held = await _held(request)
    if isinstance(held, JSONResponse):
        return held
    caller, owned = held
    state = request.app.state
    projects: ProjectStore = state.projects
    files: FileStore = state.files
    for key in await asyncio.to_thread(projects.delete_user, caller):
        await asyncio.to_thread(files.delete, key)
    await forget_versions(state, (v for p in owned for v in p.versions))
    return Response(status_code=204)
