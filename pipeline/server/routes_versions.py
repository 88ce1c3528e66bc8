"""Changing a finished app by asking: edits make new versions of the same project (v1 the
generation, then each edit or go-back), each with its files, its diff and its preview."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from pipeline.errors import PromptError
from pipeline.projects.archive import diff_archives
from pipeline.server.job_record import Made
from pipeline.server.jobs import WITH_PROJECT, is_job_id, is_owner, new_job_id, new_record, version_entry
from pipeline.server.problems import bearer, no_such_job, not_the_owner, problem, problems
from pipeline.server.routes_auth import holds_project
from pipeline.server.routes_jobs import admit
from pipeline.server.run_requests import JobOrder, edit_request
from pipeline.server.schemas import EditRequest

router = APIRouter()


def preview_url(request: Request, job_id: str) -> str:
    url: str = request.app.state.preview_origin.url(job_id)
    return url


async def _project(request: Request, job_id: str) -> tuple[dict[str, Any], dict[str, Any]] | JSONResponse:
    """The job and the first version's record (which lists the versions)."""
    jobs = request.app.state.jobs
    job = await jobs.get(job_id) if is_job_id(job_id) else None
    if job is None:
        return no_such_job(job_id)
    root = job if job.get("project", job_id) == job_id else await jobs.get(str(job["project"]))
    if root is None:
        return problem(410, "the project's first version has expired", str(job.get("project")))
    root.setdefault("versions", [version_entry(1, job_id, job["prompt"], "generate")])
    return job, root


async def _owned_project(
    request: Request, job_id: str
) -> tuple[dict[str, Any], dict[str, Any]] | JSONResponse:
    """As ``_project``, for the job's owner only (403 for anyone else): the token or secret that
    made it, or the person signed in who holds its project."""
    found = await _project(request, job_id)
    if isinstance(found, JSONResponse):
        return found
    if not is_owner(found[0], bearer(request), request.headers.get("x-job-secret")) and not (
        await asyncio.to_thread(holds_project, request, job_id)  # signed in, on any browser
    ):
        return not_the_owner()
    return found


async def _new_version(
    request: Request,
    root: dict[str, Any],
    job_id: str,
    text: str,
    made: Made,
    options: dict[str, Any],
    owner: str,
) -> int:
    jobs = request.app.state.jobs
    # the number is taken atomically with the listing, then the record is written with it
    number: int = await jobs.add_version(root["id"], job_id, text, made)
    record = new_record(job_id, text, options, owner, project=root["id"], version=number, made=made)
    await jobs.create(job_id, record)
    return number


async def _newest_finished(request: Request, root: dict[str, Any]) -> dict[str, Any] | JSONResponse:
    jobs = request.app.state.jobs
    newest = root["versions"][-1]
    job = await jobs.get(newest["job_id"])
    if job is None or job["status"] not in WITH_PROJECT:
        status = job["status"] if job else "gone"
        return problem(409, "the newest version is not finished", f"v{newest['version']} is {status}")
    found: dict[str, Any] = job
    return found


@router.post(
    "/api/v1/jobs/{job_id}/edits",
    status_code=202,
    responses=problems(400, 401, 403, 404, 409, 410, 413, 422, 429, 503),
)
async def edit_job(job_id: str, body: EditRequest, request: Request) -> Any:
    """A new version: the newest one changed as asked, by the same agents as a generation."""
    found = await _owned_project(request, job_id)
    if isinstance(found, JSONResponse):
        return found
    job, root = found
    base = await _newest_finished(request, root)
    if isinstance(base, JSONResponse):
        return base
    admitted = await admit(request)
    if isinstance(admitted, JSONResponse):
        return admitted
    options = {**(root.get("options") or {}), "edit_of": base["id"]}
    try:
        run = edit_request(
            body.request, options, base["id"], max_chars=request.app.state.settings.max_prompt_chars
        )
    except PromptError as exc:
        return problem(422, "the request is not valid", f"request: {exc.message}")
    data = await request.app.state.jobs.archive(base["id"])
    if data is None:
        return problem(410, "the newest version's files have expired", base["id"])
    new_id = new_job_id()
    owner = str(job.get("owner") or "")
    version = await _new_version(request, root, new_id, run.prompt, "edit", options, owner)
    await request.app.state.dispatch.submit(
        # the worker loads the base version by its id (options' edit_of) from the stores
        JobOrder(job_id=new_id, prompt=run.prompt, options=options)
    )
    return {"job_id": new_id, "version": version, "status": "queued", "status_url": f"/api/v1/jobs/{new_id}",
            "events_url": f"/api/v1/jobs/{new_id}/events", "preview_url": preview_url(request, new_id)}  # fmt: skip


@router.get("/api/v1/jobs/{job_id}/versions", responses=problems(404, 410))
async def job_versions(job_id: str, request: Request) -> Any:
    found = await _project(request, job_id)
    if isinstance(found, JSONResponse):
        return found
    _, root = found
    jobs = request.app.state.jobs
    out = []
    for v in root["versions"]:
        record = await jobs.get(v["job_id"])
        out.append({**v, "status": record["status"] if record else "expired",
                    "archive_url": f"/api/v1/jobs/{v['job_id']}/archive", "preview_url": preview_url(request, v["job_id"]),
                    "diff_url": f"/api/v1/jobs/{v['job_id']}/diff"})  # fmt: skip
    return {"project": root["id"], "versions": out}


@router.get("/api/v1/jobs/{job_id}/diff", response_class=PlainTextResponse, responses=problems(404, 409, 410))
async def job_diff(job_id: str, request: Request, against: str | None = None) -> Any:
    """This version's changes: a unified diff against ``against`` (a version's job id), by default
    the version before it."""
    found = await _project(request, job_id)
    if isinstance(found, JSONResponse):
        return found
    job, root = found
    versions = root["versions"]
    number = job.get("version", 1)
    other_id = against or next((v["job_id"] for v in versions if v["version"] == number - 1), None)
    if other_id is None:
        return PlainTextResponse("")  # v1: nothing before it
    if other_id not in {v["job_id"] for v in versions}:
        return problem(404, "that version is not of this project", other_id[:40])
    jobs = request.app.state.jobs
    mine, theirs = await jobs.archive(job_id), await jobs.archive(other_id)
    if mine is None or theirs is None:
        return problem(409, "a version's files are not there", "it is not finished, or it expired")
    names = {v["job_id"]: f"v{v['version']}" for v in versions}
    return PlainTextResponse(diff_archives(theirs, mine, names[other_id], names[job_id]))


@router.post(
    "/api/v1/jobs/{job_id}/restore", status_code=201, responses=problems(403, 404, 409, 410, 429, 503)
)
async def restore_version(job_id: str, request: Request) -> Any:
    """Go back to this version: a new version with exactly its files (a reference to them, not
    a copy), counted against the per-client limit as any new version is."""
    found = await _owned_project(request, job_id)
    if isinstance(found, JSONResponse):
        return found
    job, root = found
    if job["status"] not in WITH_PROJECT:
        return problem(409, "that version is not finished", f"the job is {job['status']}")
    admitted = await admit(request)
    if isinstance(admitted, JSONResponse):
        return admitted
    jobs = request.app.state.jobs
    new_id = new_job_id()
    if not await jobs.share_archive(new_id, job_id):
        return problem(410, "that version's files have expired", job_id)
    text = f"Go back to v{job.get('version', 1)}"
    owner = str(job.get("owner") or "")
    version = await _new_version(request, root, new_id, text, "restore", root.get("options") or {}, owner)
    await jobs.update(new_id, status=job["status"], finished_at=time.time(), summary=job.get("summary"))
    return {
        "job_id": new_id,
        "version": version,
        "status": job["status"],
        "preview_url": preview_url(request, new_id),
    }
