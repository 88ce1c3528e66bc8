"""The operator's routes: one job with its worker, today's figures, the key pool's stats, what
the stores keep."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query, Request

from pipeline.server.jobs import is_job_id
from pipeline.server.previews import Previews
from pipeline.server.problems import no_such_job, problems, token_needed
from pipeline.settings import Settings
from pipeline.stores.file_store import FileStore
from pipeline.stores.project_store import ProjectStore
from pipeline.stores.ratelimit import RedisLimiter

router = APIRouter()


@router.get("/api/v1/admin/jobs/{job_id}", responses=problems(401, 404))
async def admin_job(job_id: str, request: Request) -> Any:
    """The operator's view of one job: its public record plus the worker (host:pid) running it."""
    state = request.app.state
    if not state.config.is_admin(request):
        return token_needed("admin")
    job = await state.jobs.get(job_id) if is_job_id(job_id) else None
    if job is None:
        return no_such_job(job_id)
    return {k: v for k, v in job.items() if k != "owner"}


@router.get("/api/v1/admin/jobs", responses=problems(401, 422))
async def admin_recent_jobs(request: Request, limit: int = 20) -> Any:
    """The newest jobs, each with its status and, for a failed one, why: the operator's first look
    when users say something broke."""
    state = request.app.state
    if not state.config.is_admin(request):
        return token_needed("admin")
    jobs = await state.jobs.recent(max(1, min(limit, 100)))
    return {
        "jobs": [
            {**{k: job.get(k) for k in RECENT_FIELDS}, "prompt": str(job.get("prompt", ""))[:200]}
            for job in jobs
        ]
    }


RECENT_FIELDS = (
    "id",
    "status",
    "prompt",
    "created_at",
    "finished_at",
    "error",
    "version",
    "project",
    "worker",
)


@router.get("/api/v1/admin/previews", responses=problems(401))
async def admin_previews(request: Request) -> Any:
    """The previews running in this process: how long each took to start, how long it has been
    idle, the memory its sandbox holds."""
    state = request.app.state
    if not state.config.is_admin(request):
        return token_needed("admin")
    previews: Previews = state.previews  # in queue mode, the workers' (each says which worker)
    config = state.config  # the limits each process and worker takes from the same settings
    return {
        "running": await previews.running(),
        "max_previews": config.max_previews,
        "idle_s": config.preview_idle_s,
    }


@router.get("/api/v1/admin/summary", responses=problems(401))
async def admin_summary(request: Request) -> Any:
    state = request.app.state
    if not state.config.is_admin(request):
        return token_needed("admin")
    return {
        "today": await _today(state),
        "jobs_now": await state.dispatch.counts(),
        "capacity": await asyncio.to_thread(_capacity, state.settings),
    }


@router.get("/api/v1/admin/usage", responses=problems(401, 422))
async def admin_usage(request: Request, limit: int = Query(default=100, ge=1, le=1000)) -> Any:
    """What the service keeps: users with their projects, versions and bytes stored (the most
    bytes first), the totals, and where the files are."""
    state = request.app.state
    if not state.config.is_admin(request):
        return token_needed("admin")
    projects: ProjectStore = state.projects
    files: FileStore = state.files
    usage: dict[str, Any] = await asyncio.to_thread(projects.usage, limit)
    return {**usage, "files_at": files.where, "records_at": projects.engine.dialect.name}


@router.get("/api/v1/ai/stats", responses=problems(401))
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


async def _today(state: Any) -> dict[str, Any]:
    """Today's figures; without Redis, as the job process last reported them."""
    local = getattr(state.dispatch, "snapshot", None) or {}
    figures: dict[str, Any] = local.get("daily") or await state.daily.figures()
    return figures


def _capacity(settings: Settings) -> dict[str, Any]:
    """The planner's estimate for the service's keys (``python -m pipeline capacity``)."""
    from pipeline.capacity.demand import MEASURED, make_plan, recorded_demand

    plan = make_plan(settings, recorded_demand(settings) or dict(MEASURED), 0.0)
    return {
        "apps_per_day": plan.apps_per_day,
        "binding": plan.binding or None,
        "daily_cost_usd": plan.daily_cost_usd,
    }
