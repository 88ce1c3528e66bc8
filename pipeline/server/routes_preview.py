"""``/preview/{job_id}/``: a finished job's app, running in the sandbox while someone looks.

The job id (128 random bits) is the capability, as a preview link is elsewhere: a frame or a new
tab cannot send the owner's secret. The app has no network, no keys and its own database, so what
a visitor can do is use the app.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping
from typing import Any

from pipeline.preview.app import PreviewError
from pipeline.preview.proxy import Receive, Scope, Send, Unreachable, plain
from pipeline.sandbox import SandboxUnavailable
from pipeline.server.jobs import is_job_id
from pipeline.server.previews import Previews

PREFIX = "/preview/"
# The app runs on the service's own origin, so its pages are sandboxed by the browser (an opaque
# origin, in the frame and in a new tab alike): its scripts cannot read the service page's storage,
# where job secrets live. Its API calls are then cross-origin, hence the CORS answers below; they
# carry no credentials, and the app holds no secrets.
PREVIEW_HEADERS = [
    (
        b"content-security-policy",
        b"sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads",
    ),
    (b"access-control-allow-origin", b"*"),
    (b"x-content-type-options", b"nosniff"),
]
PREFLIGHT = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", b"GET, POST, PUT, PATCH, DELETE"),
    (b"access-control-allow-headers", b"content-type"),
    (b"access-control-max-age", b"600"),
]


async def _page(send: Send, status: int, title: str, detail: str = "") -> None:
    body = (
        "<!doctype html><meta charset=utf-8><title>Preview</title>"
        "<body style='font-family:system-ui;margin:2rem;max-width:48rem'>"
        f"<h1 style='font-size:1.2rem'>{html.escape(title)}</h1>"
        + (
            f"<pre style='white-space:pre-wrap;background:#f4f4f4;padding:1rem'>{html.escape(detail)}</pre>"
            if detail
            else ""
        )
    ).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-store")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


class PreviewRoutes:
    """Mounted at ``/preview``: finds the job, opens (or starts) its preview, forwards the request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        state: Any = scope["app"].state
        full = scope["path"] if scope["path"].startswith(PREFIX) else PREFIX.rstrip("/") + scope["path"]
        job_id, slash, rest = full.removeprefix(PREFIX).partition("/")
        if not slash:  # /preview/<id>: the app's relative URLs need the folder's slash
            await plain(send, 308, b"", [(b"location", f"{PREFIX}{job_id}/".encode())])
            return
        job = await state.jobs.get(job_id) if is_job_id(job_id) else None
        if job is None:
            await _page(send, 404, f"No job {job_id[:40]} here.")
            return
        if job["status"] != "succeeded":
            await _page(send, 409, f"The app is not ready: the job is {job['status']}.")
            return
        if scope["method"] == "OPTIONS":
            await plain(send, 204, b"", PREFLIGHT)
            return

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _REPLACED]
                message = {**message, "headers": [*kept, *PREVIEW_HEADERS]}
            await send(message)

        try:
            previews: Previews = state.previews
            await previews.forward(job_id, scope, receive, with_headers, "/" + rest)
        except SandboxUnavailable as exc:
            await _page(send, 503, f"Previews are off on this server: {exc}")
        except PreviewError as exc:
            await _page(send, 503, f"The preview could not start: {exc.reason}.", exc.lines)
        except Unreachable:
            await _page(send, 502, "The app stopped while answering; reload to start it again.")


_REPLACED = {name for name, _ in PREVIEW_HEADERS} | {b"access-control-allow-credentials"}
