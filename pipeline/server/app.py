"""The HTTP service: jobs, live progress, archives, stats and per-client limits.

One process by default; with ``PIPELINE_REDIS_URL`` the key pool, cache, rate limits and jobs
live in Redis, so ``uvicorn --workers N`` (or several hosts) behave as one service.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import io
import json
import os
import secrets
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.events import EVENT_NAMES
from pipeline.keypool.factory import pool_from_settings
from pipeline.server.config import ServiceConfig
from pipeline.server.daily import MemoryDaily, RedisDaily
from pipeline.server.execute import JobOrder
from pipeline.server.jobs import (
    FINISHED,
    MemoryJobs,
    RedisJobs,
    is_job_id,
    is_owner,
    new_job_id,
    new_record,
    owner_of,
    public,
)
from pipeline.server.local import LocalDispatch
from pipeline.server.middleware import BodyCapAndWorker
from pipeline.server.problems import (
    bearer,
    no_such_job,
    not_the_owner,
    problem,
    problems,
    token_needed,
)
from pipeline.server.queue import QueueDispatch
from pipeline.server.schemas import Accepted, GenerateRequest, ReviewAnswer
from pipeline.settings import Settings
from pipeline.stores.ratelimit import MemoryLimiter, RedisLimiter


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        s = settings or Settings()
        config = ServiceConfig()
        app.state.settings = s
        app.state.config = config
        app.state.pool = pool_from_settings(s)
        app.state.limiter = (
            RedisLimiter(config.rate, s.redis_url) if s.redis_url else MemoryLimiter(config.rate)
        )
        # The API never runs a generation: with Redis, jobs go on the queue for
        # `python -m pipeline worker`; without, to one job process beside this one.
        if s.redis_url:
            app.state.jobs = RedisJobs(s.redis_url)
            app.state.daily = RedisDaily(s.redis_url)
            app.state.dispatch = QueueDispatch(s.redis_url)
            await _warm(app.state.limiter.client, app.state.jobs.client, app.state.dispatch.queue.redis)
        else:
            kept = int(os.environ.get("PIPELINE_MAX_KEPT_JOBS", "500"))
            app.state.jobs = MemoryJobs(keep=kept)
            app.state.daily = MemoryDaily()
            app.state.dispatch = LocalDispatch(app.state.jobs, config.max_running)
            await app.state.dispatch.start()
        yield
        for closer in (
            app.state.dispatch.close,
            app.state.pool.close,
            app.state.jobs.close,
            app.state.daily.close,
            app.state.limiter.close,
        ):
            await closer()

    app = FastAPI(
        title="pipeline",
        version="0.1.0",
        description="One request in, one working FastAPI + React project out.",
        lifespan=lifespan,
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_problem(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(
            exc.status_code, str(exc.detail), headers=dict(exc.headers or {})
        )  # e.g. Allow on a 405

    @app.exception_handler(RequestValidationError)
    async def validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return problem(422, "the request is not valid", f"{where}: {first.get('msg', '')}")

    @app.exception_handler(Exception)
    async def any_problem(request: Request, exc: Exception) -> JSONResponse:  # never a stack trace
        if isinstance(exc, (RedisConnectionError, RedisTimeoutError)):
            # the shared store is down: say so, and that trying again later is the fix
            return problem(
                503, "the job store (Redis) cannot be reached", "try again shortly", {"Retry-After": "10"}
            )
        return problem(500, "internal error", type(exc).__name__)

    app.add_middleware(BodyCapAndWorker)

    def client_of(request: Request) -> str:
        # uvicorn's proxy-header support has already put the right-most untrusted X-Forwarded-For
        # hop here when a trusted proxy (--forwarded-allow-ips) sent the request: a client cannot
        # forge its way past the per-client limit by writing the header itself.
        return request.client.host if request.client else "unknown"

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(
        "/api/v1/generate",
        status_code=202,
        response_model=Accepted,
        responses=problems(400, 401, 413, 422, 429, 503),
    )
    async def generate(body: GenerateRequest, request: Request) -> Any:
        state = request.app.state
        who = client_of(request)
        if state.config.api_tokens:
            token = bearer(request)
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
        prompt = body.prompt.strip()
        if not prompt:
            return problem(422, "the request is not valid", "prompt: the request is empty")
        if body.options.level != "static":
            refused = sandbox_refusal()
            if refused:
                return problem(422, "level run is not available on this server", refused)
        job_id = new_job_id()
        owner_token = bearer(request) if state.config.api_tokens else None
        job_secret = None if owner_token else secrets.token_urlsafe(24)
        options = body.options.model_dump()
        await state.jobs.create(
            job_id, new_record(job_id, prompt, options, owner_of(owner_token, job_secret or ""))
        )
        await state.dispatch.submit(JobOrder(job_id=job_id, prompt=prompt, options=options))
        base = f"/api/v1/jobs/{job_id}"
        return Accepted(
            job_id=job_id,
            job_secret=job_secret,
            status="queued",
            status_url=base,
            events_url=f"{base}/events",
            archive_url=f"{base}/archive",
        )

    @app.get("/api/v1/jobs/{job_id}", responses=problems(404))
    async def job_status(job_id: str, request: Request) -> Any:
        job = await request.app.state.jobs.get(job_id) if is_job_id(job_id) else None
        if job is None:
            return no_such_job(job_id)
        return public(job)

    @app.get("/api/v1/jobs/{job_id}/events", response_class=StreamingResponse, responses=problems(404))
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
                    yield f"id: {sent}\nevent: {event.get('event', 'message')}\ndata: {json.dumps(event, default=str)}\n\n"
                    sent += 1
                job = await jobs.get(job_id)
                if job is None or job["status"] in FINISHED:
                    yield f"event: end\ndata: {json.dumps({'status': job['status'] if job else 'gone'})}\n\n"
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(0.25)

        return StreamingResponse(
            stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    @app.post("/api/v1/jobs/{job_id}/review", status_code=202, responses=problems(400, 403, 404, 409, 422))
    async def review_job(job_id: str, answer: ReviewAnswer, request: Request) -> Any:
        state = request.app.state
        job = await state.jobs.get(job_id) if is_job_id(job_id) else None
        if job is None:
            return no_such_job(job_id)
        if not is_owner(job, bearer(request), request.headers.get("x-job-secret")):
            return not_the_owner()
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

    @app.get("/api/v1/jobs/{job_id}/archive", response_class=Response, responses=problems(404, 409, 410))
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

    @app.get("/api/v1/jobs/{job_id}/files", responses=problems(404, 409, 410))
    async def job_files(job_id: str, request: Request) -> Any:
        archive = await _finished_archive(request, job_id)
        if not isinstance(archive, zipfile.ZipFile):
            return archive
        return {
            "files": [{"path": i.filename, "size": i.file_size} for i in archive.infolist() if not i.is_dir()]
        }

    @app.get(
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

    @app.get("/api/v1/admin/jobs/{job_id}", responses=problems(401, 404))
    async def admin_job(job_id: str, request: Request) -> Any:
        """The operator's view of one job: its public record plus the worker (host:pid) running it."""
        state = request.app.state
        if not state.config.is_admin(request):
            return token_needed("admin")
        job = await state.jobs.get(job_id) if is_job_id(job_id) else None
        if job is None:
            return no_such_job(job_id)
        return {k: v for k, v in job.items() if k != "owner"}

    @app.get("/api/v1/admin/summary", responses=problems(401))
    async def admin_summary(request: Request) -> Any:
        state = request.app.state
        if not state.config.is_admin(request):
            return token_needed("admin")
        return {
            "today": await _today(state),
            "jobs_now": await state.dispatch.counts(),
            "capacity": await asyncio.to_thread(_capacity, state.settings),
        }

    @app.get("/api/v1/ai/stats", responses=problems(401))
    async def stats(request: Request) -> Any:
        state = request.app.state
        if not state.config.is_admin(request):
            return token_needed("admin")
        # without Redis the job process holds the pool's and cache's live figures
        local = getattr(state.dispatch, "snapshot", None) or {}
        figures: dict[str, Any] = local.get("pool") or await state.pool.stats()
        today = await _today(state)
        figures["cache"] = local.get("cache") or {"hit_rate_today": today["cache_hit_rate"]}
        figures["limiter"] = {
            "rate": str(state.config.rate),
            "refused": state.limiter.refused,
            "shared": isinstance(state.limiter, RedisLimiter),
        }
        figures["spend"] = {
            "day": today["day"],
            "today_usd": today["spend_usd"],
            "per_provider": today["spend_by_provider"],
            "daily_budget_usd": state.config.daily_budget_usd,
        }
        figures["jobs"] = {
            **await state.dispatch.counts(),
            "max_running": state.config.max_running,
            "max_queued": state.config.max_queued,
        }
        return figures

    @app.get("/api/v1/event-names")
    async def event_names() -> dict[str, list[str]]:
        """The names of the events a job's stream may send (``pipeline.events``), and ``end``."""
        return {"events": [*EVENT_NAMES, "end"]}

    @app.get("/", include_in_schema=False)
    async def page() -> Any:
        return _page("index.html")

    @app.get("/jobs/{job_id}", include_in_schema=False)
    async def job_page(job_id: str) -> Any:
        return _page("index.html")

    @app.get("/admin", include_in_schema=False)
    async def admin_page() -> Any:
        return _page("admin.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


STATIC = Path(__file__).resolve().parent / "static"
PAGE_HEADERS = {
    # everything the page needs is served from here: no CDN, no inline script
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def _warm(*clients: Any, connections: int = 16) -> None:
    """Opens the Redis connections a burst of requests needs before the first one comes: a cold
    pool opening them mid-burst cost the first burst's p95 about 80 ms here. Redis being down now
    is not fatal: requests then answer 503 until it is back."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(
            asyncio.gather(*(c.ping() for c in clients for _ in range(connections))), timeout=5
        )


async def _today(state: Any) -> dict[str, Any]:
    """Today's figures; without Redis, as the job process last reported them."""
    local = getattr(state.dispatch, "snapshot", None) or {}
    figures: dict[str, Any] = local.get("daily") or await state.daily.figures()
    return figures


def sandbox_refusal() -> str:
    """Why this server may not run generated code (level run), or "" when it may."""
    from pipeline.sandbox import sandbox_status

    status = sandbox_status()
    return "" if status.can_run else f"there is no working sandbox for generated code: {status.reason}"


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html", headers=PAGE_HEADERS)


async def _finished_job(request: Request, job_id: str) -> tuple[dict[str, Any], bytes] | JSONResponse:
    """A finished job's record and its project's zip, or the problem answer."""
    jobs = request.app.state.jobs
    job = await jobs.get(job_id) if is_job_id(job_id) else None
    if job is None:
        return no_such_job(job_id)
    if job["status"] != "succeeded":
        return problem(409, "the project is not ready", f"the job is {job['status']}")
    data = await jobs.archive(job_id)
    if data is None:
        return problem(410, "the archive expired", job_id)
    return job, data


async def _finished_archive(request: Request, job_id: str) -> zipfile.ZipFile | JSONResponse:
    found = await _finished_job(request, job_id)
    return zipfile.ZipFile(io.BytesIO(found[1])) if isinstance(found, tuple) else found


def _capacity(settings: Settings) -> dict[str, Any]:
    """The planner's estimate for the service's keys (``python -m pipeline capacity``)."""
    from pipeline.capacity.demand import MEASURED, make_plan, recorded_demand

    plan = make_plan(settings, recorded_demand(settings) or dict(MEASURED), 0.0)
    return {
        "apps_per_day": plan.apps_per_day,
        "binding": plan.binding or None,
        "daily_cost_usd": plan.daily_cost_usd,
    }
