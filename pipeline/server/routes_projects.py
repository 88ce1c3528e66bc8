"""``/api/v1/projects``: the caller's projects as the project store keeps them, with their
versions; renaming and deleting one. The caller is the person signed in (their session cookie),
the API token they send (each token its own user), or, without tokens, the job secret of one of
their projects. Another user's project is 404, never 403: its existence is not told."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from pipeline.server.account import forget_versions
from pipeline.server.problems import bearer, problem, problems, token_needed
from pipeline.server.routes_auth import signed_in_user
from pipeline.stores.file_store import FileStore
from pipeline.stores.project_store import Project, ProjectStore

router = APIRouter()


class ProjectChange(BaseModel):
    name: str = Field(min_length=1, max_length=200)


def _caller(request: Request) -> str | JSONResponse:
    """The caller's user id in the project store, or the 401 answer."""
    state = request.app.state
    projects: ProjectStore = state.projects
    token = bearer(request)
    signed_in = signed_in_user(request)  # None for a bearer caller: a script is never a cookie caller
    if signed_in is not None:
        return signed_in[0]
    if state.config.api_tokens:
        if not token or not any(
            hmac.compare_digest(token.encode(), t.encode()) for t in state.config.api_tokens
        ):
            return token_needed("API")
        return projects.user("token", hashlib.sha256(token.encode()).hexdigest())
    secret = request.headers.get("x-job-secret", "")
    if not secret:
        return problem(401, "who are you?", "send the X-Job-Secret of one of your projects")
    return projects.user("secret", hashlib.sha256(secret.encode()).hexdigest())


def _shown(project: Project, *, with_versions: bool) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": project.id, "name": project.name, "created_at": project.created_at, "updated_at": project.updated_at,
    }  # fmt: skip
    if with_versions:
        shown["versions"] = [
            {"version": v.number, "job_id": v.job_id, "request": v.request, "made": v.made, "status": v.status,
             "created_at": v.created_at, "archive_url": f"/api/v1/jobs/{v.job_id}/archive"}
            for v in project.versions
        ]  # fmt: skip
    return shown


@router.get("/api/v1/projects", responses=problems(400, 401, 422))
async def list_projects(
    request: Request, limit: int = Query(default=20, ge=1, le=100), offset: int = Query(default=0, ge=0)
) -> Any:
    """The caller's projects, the most recently changed first."""
    caller = await asyncio.to_thread(_caller, request)
    if isinstance(caller, JSONResponse):
        return caller
    projects: ProjectStore = request.app.state.projects
    found = await asyncio.to_thread(projects.projects, caller, limit=limit, offset=offset)
    newest = await asyncio.to_thread(projects.newest, [p.id for p in found])
    shown = [
        # how many versions, and the newest one's job (where opening the project lands)
        _shown(p, with_versions=False)
        | dict(zip(("version_count", "newest_job_id"), newest.get(p.id, (0, p.id)), strict=True))
        for p in found
    ]
    return {"projects": shown, "limit": limit, "offset": offset}


async def _own(request: Request, project_id: str) -> tuple[str, Project] | JSONResponse:
    caller = await asyncio.to_thread(_caller, request)
    if isinstance(caller, JSONResponse):
        return caller
    projects: ProjectStore = request.app.state.projects
    project = await asyncio.to_thread(projects.project, project_id[:64], caller)
    if project is None:
        return problem(404, "no such project", project_id[:64])
    return caller, project


@router.get("/api/v1/projects/{project_id}", responses=problems(400, 401, 404))
async def get_project(project_id: str, request: Request) -> Any:
    """The project with its versions, oldest first."""
    found = await _own(request, project_id)
    if isinstance(found, JSONResponse):
        return found
    return _shown(found[1], with_versions=True)


@router.patch("/api/v1/projects/{project_id}", responses=problems(400, 401, 404, 413, 422))
async def rename_project(project_id: str, body: ProjectChange, request: Request) -> Any:
    found = await _own(request, project_id)
    if isinstance(found, JSONResponse):
        return found
    projects: ProjectStore = request.app.state.projects
    await asyncio.to_thread(projects.rename, project_id, found[0], body.name.strip())
    renamed = await asyncio.to_thread(projects.project, project_id, found[0])
    return _shown(renamed or found[1], with_versions=False)


@router.delete(
    "/api/v1/projects/{project_id}",
    status_code=204,
    response_class=Response,
    response_model=None,
    responses=problems(400, 401, 404),
)
async def delete_project(project_id: str, request: Request) -> Any:
    """Removes the project, its versions, their files, their traces and what the live store
    holds of them."""
    found = await _own(request, project_id)
    if isinstance(found, JSONResponse):
        return found
    state = request.app.state
    projects: ProjectStore = state.projects
    files: FileStore = state.files
    keys = await asyncio.to_thread(projects.delete, project_id, found[0]) or []
    for key in keys:
        await asyncio.to_thread(files.delete, key)
    await forget_versions(state, found[1].versions)  # its previews stop, the data they kept goes
    return Response(status_code=204)
