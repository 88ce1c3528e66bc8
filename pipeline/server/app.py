"""The HTTP service: the app, its shared state and its error answers. The routes live in
``routes_jobs`` (generation, progress, review, files), ``routes_admin`` (the operator's) and
``routes_page`` (the page, liveness); the body cap in ``middleware``.

One process by default; with ``PIPELINE_REDIS_URL`` the key pool, cache, rate limits and jobs
live in Redis, so ``uvicorn --workers N`` (or several hosts) behave as one service.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.keypool.factory import pool_from_settings
from pipeline.preview.manager import PreviewManager
from pipeline.server import (
    routes_account,
    routes_admin,
    routes_auth,
    routes_jobs,
    routes_model_build,
    routes_page,
    routes_projects,
    routes_versions,
)
from pipeline.server.config import ServiceConfig
from pipeline.server.daily import MemoryDaily, RedisDaily
from pipeline.server.jobs import MemoryJobs, RedisJobs
from pipeline.server.local import LocalDispatch
from pipeline.server.middleware import BodyCapAndWorker
from pipeline.server.oidc import OidcClient, OidcConfig
from pipeline.server.preview_origin import PreviewOrigin, PreviewOriginGate
from pipeline.server.previews import LocalPreviews, Previews
from pipeline.server.previews_redis import RemotePreviews
from pipeline.server.problems import problem
from pipeline.server.queue import QueueDispatch
from pipeline.server.routes_page import STATIC
from pipeline.server.routes_preview import PreviewRoutes
from pipeline.server.sessions import CsrfGuard, Sessions, session_secret
from pipeline.server.store_kept import KeptJobs, QuotaExceeded, Quotas, open_kept
from pipeline.settings import Settings
from pipeline.stores.ratelimit import MemoryLimiter, RedisLimiter


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        s = settings or Settings()
        config = ServiceConfig()
        app.state.settings = s
        app.state.config = config
        app.state.preview_origin = PreviewOrigin.from_env()
        app.state.pool = pool_from_settings(s)
        app.state.limiter = (
            RedisLimiter(config.rate, s.redis_url) if s.redis_url else MemoryLimiter(config.rate)
        )
        # The API never runs a generation: with Redis, jobs go on the queue for
        # `python -m pipeline worker`; without, to one job process beside this one.
        # projects, versions and their files are kept for good (SQL and a folder); the live job
        # store holds what is fast and short-lived, and answers from the kept ones what it lost
        projects, files = await asyncio.to_thread(open_kept, s.postgres_url, s.data_dir)
        app.state.projects, app.state.files = projects, files
        # people sign in with the operator's OIDC provider (when configured); sessions are cookies
        app.state.public_url = os.environ.get("PIPELINE_PUBLIC_URL", "").strip().rstrip("/")
        secret = await asyncio.to_thread(session_secret, s.data_dir)
        app.state.sessions = Sessions(secret, app.state.public_url)
        oidc = OidcConfig.from_env()
        app.state.oidc = OidcClient(oidc) if oidc is not None else None
        if s.redis_url:
            live = RedisJobs(s.redis_url)
            app.state.jobs = KeptJobs(live, projects, files, Quotas.from_env())
            app.state.daily = RedisDaily(s.redis_url)
            app.state.dispatch = QueueDispatch(s.redis_url)
            await _warm(app.state.limiter.client, live.client, app.state.dispatch.queue.redis)
        else:
            kept = int(os.environ.get("PIPELINE_MAX_KEPT_JOBS", "500"))
            app.state.jobs = KeptJobs(MemoryJobs(keep=kept), projects, files, Quotas.from_env())
            app.state.daily = MemoryDaily()
            app.state.dispatch = LocalDispatch(app.state.jobs, config.max_running)
            await app.state.dispatch.start()
        # previews run beside the jobs: on the workers in queue mode, in this process without
        previews: Previews = (
            RemotePreviews(s.redis_url, max_body=config.preview_max_body_bytes)
            if s.redis_url
            else LocalPreviews(
                PreviewManager(
                    s.data_dir / "previews", max_previews=config.max_previews, idle_s=config.preview_idle_s
                ),
                app.state.jobs,
            )
        )
        app.state.previews = previews
        yield
        for closer in (
            app.state.previews.close,
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
        headers = dict(exc.headers or {})  # e.g. Allow on a 405
        if exc.status_code == 405:  # every method of the path, not only its first route's
            paths: dict[str, Any] = app.openapi()["paths"]
            path = request.url.path
            methods = {
                method.upper()
                for template, operations in paths.items()
                if re.fullmatch(re.sub(r"\{[^/]+\}", "[^/]+", template), path)
                for method in operations
            }
            headers = {k: v for k, v in headers.items() if k.lower() != "allow"}
            headers["Allow"] = ", ".join(sorted(methods)) or str((exc.headers or {}).get("Allow", ""))
        return problem(exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(QuotaExceeded)
    async def quota_problem(request: Request, exc: QuotaExceeded) -> JSONResponse:
        return problem(403, "quota exceeded", str(exc))

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

    previews = PreviewRoutes()
    app.add_middleware(CsrfGuard)  # inside the gate: a preview origin's requests never reach it
    app.add_middleware(PreviewOriginGate, previews=previews)
    app.add_middleware(BodyCapAndWorker)  # outermost: every request is counted, previews too

    app.include_router(routes_page.router)
    app.include_router(routes_jobs.router)
    app.include_router(routes_admin.router)
    app.include_router(routes_versions.router)
    app.include_router(routes_projects.router)
    app.include_router(routes_account.router)
    app.include_router(routes_auth.router)
    app.include_router(routes_model_build.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/preview", previews, name="preview")
    return app


async def _warm(*clients: Any, connections: int = 16) -> None:
    """Opens the Redis connections a burst of requests needs before the first one comes: a cold
    pool opening them mid-burst cost the first burst's p95 about 80 ms here. Redis being down now
    is not fatal: requests then answer 503 until it is back."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(
            asyncio.gather(*(c.ping() for c in clients for _ in range(connections))), timeout=5
        )
