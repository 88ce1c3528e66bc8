"""The job routes: start a generation, follow it (record, SSE), answer its review, take its files."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import secrets
import zipfile
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from pipeline.errors import PromptError
from pipeline.server import jobs as records
from pipeline.server.jobs import (
    FINISHED,
    WITH_PROJECT,
    is_job_id,
    is_owner,
    new_job_id,
    new_record,
    owner_of,
    public,
)
from pipeline.server.problems import bearer, no_such_job, not_the_owner, problem, problems, token_needed
from pipeline.server.routes_auth import signed_in_user
from pipeline.server.run_requests import JobOrder, generate_request
from pipeline.server.schemas import Accepted, GenerateRequest, ReviewAnswer

router = APIRouter()


def client_of(request: Request) -> str:
    # uvicorn's proxy-header support has already put the right-most untrusted X-Forwarded-For
    # hop here when a trusted proxy (--forwarded-allow-ips) sent the request: a client cannot
    # forge its way past the per-client limit by writing the header itself.
    return request.client.host if request.client else "unknown"


async def admit(request: Request) -> str | JSONResponse | None:
    """The per-client limit and the queue's room, for anything that makes work or data (a
    generation, an edit, a review's answer, a go-back): the caller's API token (None with tokens
    off, or for a person signed in), or the problem answer."""
    state = request.app.state
    who = client_of(request)
    token = bearer(request) if state.config.api_tokens else None
    if token == "":  # no token: a person signed in may still make things, limited as themselves
        signed_in = await asyncio.to_thread(signed_in_user, request)
        token, who = (None, "user:" + signed_in[0]) if signed_in else (token, who)
    if token is not None:
        if not any(hmac.compare_digest(token.encode(), t.encode()) for t in state.config.api_tokens):
            return token_needed("API")
        who = (
            "token:" + hashlib.sha256(token.encode()).hexdigest()[:16]
        )  # limits per token, never the token itself
    # one round trip's wait for both (they are independent reads of Redis)
    decision, waiting = await asyncio.gather(state.limiter.hit(who), state.dispatch.queued())
    if not decision.allowed:
        wait = max(1, int(decision.retry_after + 0.999))
        return problem(
            429,
            "too many generation requests",
            f"limit {state.config.rate.limit} per {state.config.rate.window_s:g}s",
            {"Retry-After": str(wait)},
        )
    if waiting >= state.config.max_queued:
        return problem(503, "the job queue is full", "try again shortly", {"Retry-After": "30"})
    return token


@router.post(
    "/api/v1/generate",
    status_code=202,
    response_model=Accepted,
    responses=problems(400, 401, 413, 422, 429, 503),
)
async def generate(body: GenerateRequest, request: Request) -> Any:
    state = request.app.state
    admitted = await admit(request)
    if isinstance(admitted, JSONResponse):
        return admitted
    try:
        run = generate_request(body.prompt, body.options, max_chars=state.settings.max_prompt_chars)
    except PromptError as exc:
        return problem(422, "the request is not valid", f"prompt: {exc.message}")
    if run.options.level != "static":
        refused = sandbox_refusal()
        if refused:
            return problem(422, "level run is not available on this server", refused)
    job_id = new_job_id()
    owner_token = admitted
    job_secret = None if owner_token else secrets.token_urlsafe(24)
    options = body.options.model_dump()
    # signed in, the project is the person's from the start (the secret still lets this browser
    # change it, as before); a bearer caller is never a cookie caller
    signed_in = None if owner_token else await asyncio.to_thread(signed_in_user, request)
    await state.jobs.create(
        job_id,
        new_record(job_id, run.prompt, options, owner_of(owner_token, job_secret or "")),
        account=signed_in[0] if signed_in else None,
    )
    await state.dispatch.submit(JobOrder(job_id=job_id, prompt=run.prompt, options=options))
    base = f"/api/v1/jobs/{job_id}"
    return Accepted(
        job_id=job_id,
        job_secret=job_secret,
        status="queued",
        status_url=base,
        events_url=f"{base}/events",
        archive_url=f"{base}/archive",
    )


@router.get("/api/v1/jobs/{job_id}", responses=problems(404))
async def job_status(job_id: str, request: Request) -> Any:
    job = await request.app.state.jobs.get(job_id) if is_job_id(job_id) else None
    if job is None:
        return no_such_job(job_id)
    return public(job)


@router.get("/api/v1/jobs/{job_id}/events", response_class=StreamingResponse, responses=problems(404))
async def job_events(job_id: str, request: Request) -> Any:
    jobs = request.app.state.jobs
    if not is_job_id(job_id) or await jobs.get(job_id) is None:
        return no_such_job(job_id)

    # a reconnecting EventSource sends the id of the last event it saw: go on after it
    last = request.headers.get("last-event-id", "").strip()
    if last and not (last.isascii() and last.isdigit() and len(last) <= 9):
        return problem(400, "Last-Event-ID is not an event id", "send the id of the last event received")
    start = int(last) + 1 if last else 0

    async def stream() -> AsyncIterator[str]:
        sent = start
        while True:
            for event in await jobs.events(job_id, sent):
                shown = records.public_event(event)  # what the worker wrote, without its host's paths
                yield f"id: {sent}\nevent: {event.get('event', 'message')}\ndata: {json.dumps(shown, default=str)}\n\n"
                sent += 1
            job = await jobs.get(job_id)
            if job is None or job["status"] in FINISHED:
                yield f"event: end\ndata: {json.dumps({'status': job['status'] if job else 'gone'})}\n\n"
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(0.25)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.post(
    "/api/v1/jobs/{job_id}/review", status_code=202, responses=problems(400, 403, 404, 409, 422, 429, 503)
)
async def review_job(job_id: str, answer: ReviewAnswer, request: Request) -> Any:
    state = request.app.state
    job = await state.jobs.get(job_id) if is_job_id(job_id) else None
    if job is None:
        return no_such_job(job_id)
    if not is_owner(job, bearer(request), request.headers.get("x-job-secret")):
        return not_the_owner()
    if answer.action == "edit" and answer.plan is not None:
        refused = plan_refusal(answer.plan)
        if refused:  # said now, with the reason; the job keeps waiting for a usable answer
            return problem(422, "the edited plan cannot be used", refused)
    admitted = await admit(request)  # an answer queues work, as a generation does
    if isinstance(admitted, JSONResponse):
        return admitted
    # one answer wins, across every API process: the claim moves the job out of
    # awaiting_review in one step, and a second answer finds it queued
    claimed = await state.jobs.claim_review(job_id)
    if claimed != "claimed":
        return problem(409, "the job is not waiting for a review", f"the job is {claimed}")
    order = JobOrder(
        job_id=job_id, prompt=job["prompt"], options=job.get("options") or {},
        answer=answer.model_dump(exclude_none=True), progress=job.get("progress") or {},
    )  # fmt: skip
    await state.dispatch.submit(order, stage=str((job.get("review") or {}).get("stage") or "review"))
    return {"job_id": job_id, "status": "queued", "status_url": f"/api/v1/jobs/{job_id}"}


@router.get("/api/v1/jobs/{job_id}/archive", response_class=Response, responses=problems(404, 409, 410))
async def job_archive(job_id: str, request: Request) -> Any:
    found = await _finished_job(request, job_id)
    if not isinstance(found, tuple):
        return found
    job, data = found
    name = (job.get("summary") or {}).get("slug") or job_id
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}.zip"'},
    )


@router.get("/api/v1/jobs/{job_id}/files", responses=problems(404, 409, 410))
async def job_files(job_id: str, request: Request) -> Any:
    archive = await _finished_archive(request, job_id)
    if not isinstance(archive, zipfile.ZipFile):
        return archive
    return {
        "files": [{"path": i.filename, "size": i.file_size} for i in archive.infolist() if not i.is_dir()]
    }


@router.get(
    "/api/v1/jobs/{job_id}/files/{path:path}", response_class=Response, responses=problems(404, 409, 410)
)
async def job_file(job_id: str, path: str, request: Request) -> Any:
    archive = await _finished_archive(request, job_id)
    if not isinstance(archive, zipfile.ZipFile):
        return archive
    try:
        data = archive.read(path)
    except KeyError:
        return problem(404, "no such file in the project", path)
    return Response(
        data, media_type="text/plain; charset=utf-8", headers={"X-Content-Type-Options": "nosniff"}
    )


def plan_refusal(plan: dict[str, Any]) -> str:
    """Why an edited plan is refused (a name that is not a name, text with control characters …),
    or "" when it holds."""
    from pydantic import ValidationError

    from pipeline.artifacts import Plan

    try:
        Plan.model_validate(plan)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first.get('msg', 'not valid')}"
    return ""


def sandbox_refusal() -> str:
    """Why this server may not run generated code (level run), or "" when it may."""
    from pipeline.sandbox import sandbox_status

    status = sandbox_status()
    return "" if status.can_run else f"there is no working sandbox for generated code: {status.reason}"


async def _finished_job(request: Request, job_id: str) -> tuple[dict[str, Any], bytes] | JSONResponse:
    """A finished job's record and its project's zip, or the problem answer."""
    jobs = request.app.state.jobs
    job = await jobs.get(job_id) if is_job_id(job_id) else None
    if job is None:
        return no_such_job(job_id)
    if job["status"] not in WITH_PROJECT:
        return problem(409, "the project is not ready", f"the job is {job['status']}")
    data = await jobs.archive(job_id)
    if data is None:
        return problem(410, "the archive expired", job_id)
    return job, data


async def _finished_archive(request: Request, job_id: str) -> zipfile.ZipFile | JSONResponse:
    found = await _finished_job(request, job_id)
    return zipfile.ZipFile(io.BytesIO(found[1])) if isinstance(found, tuple) else found
