"""The page and its helpers: liveness, the event names the page listens for, the HTML views."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from pipeline.events import EVENT_NAMES
from pipeline.server.preview_origin import page_policy

router = APIRouter()

STATIC = Path(__file__).resolve().parent / "static"
PAGE_HEADERS = {
    # everything the page needs is served from here: no CDN, no inline script
    "Content-Security-Policy": page_policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@router.get("/healthz")
async def healthz(request: Request) -> dict[str, Any]:
    """Liveness (always 200 while the process answers), and in queue mode Redis as this process
    sees it and the workers' preview loops."""
    health = getattr(request.app.state.previews, "health", None)
    return {"status": "ok", **(await health() if health is not None else {})}


@router.get("/api/v1/event-names")
async def event_names() -> dict[str, list[str]]:
    """The names of the events a job's stream may send (``pipeline.events``), and ``end``."""
    return {"events": [*EVENT_NAMES, "end"]}


@router.get("/api/v1/page-info")
async def page_info(request: Request) -> dict[str, Any]:
    """What the page tells a visitor before they ask: whether models can be used at all, and the
    kinds of app the offline templates know."""
    from pipeline.templates.registry import KINDS

    kinds = list(dict.fromkeys(k.app_name for k in KINDS))
    return {"model_keys": bool(request.app.state.pool.providers()), "kinds": kinds}


@router.get("/", include_in_schema=False)
@router.get("/jobs/{job_id}", include_in_schema=False)
@router.get("/projects", include_in_schema=False)
@router.get("/projects/{project_id}", include_in_schema=False)
async def page() -> Any:
    """The one page: it reads its path (a job, the projects, one project) and shows that."""
    return _page("index.html")


@router.get("/admin", include_in_schema=False)
async def admin_page() -> Any:
    return _page("admin.html")


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html", headers=PAGE_HEADERS)
