"""``/preview/{job_id}/``: a finished job's app, running in the sandbox while someone looks.

The job id (128 random bits) is the capability, as a preview link is elsewhere: a frame or a new
tab cannot send the owner's secret. The app has no network, no keys and its own database, so what
a visitor can do is use the app.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pipeline.preview.app import PreviewError
from pipeline.preview.proxy import RESPONSE_HEADERS, Receive, Scope, Send, Unreachable, plain
from pipeline.sandbox import SandboxUnavailable
from pipeline.server.jobs import WITH_PROJECT, is_job_id
from pipeline.server.preview_origin import split_path
from pipeline.server.previews import Previews

PREFIX = "/preview/"
# The app's pages are sandboxed by the browser (an opaque origin, in the frame and in a new tab
# alike): on the service's own origin its scripts cannot read the service page's storage, where
# job secrets live; on an origin of its own (PIPELINE_PREVIEW_ORIGIN) this is a second wall. Its
# API calls are then cross-origin, hence the CORS answers below; they carry no credentials, and
# the app holds no secrets.
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
    (b"access-control-allow-headers", b"authorization, content-type"),  # the apps sign in by bearer token
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


def local_location(location: str, prefix: str) -> str | None:
    """An app's redirect as the browser must follow it: within the preview, or dropped (never
    a redirect to another origin, nor out of the preview into the service)."""
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        if parts.netloc != "app" or parts.scheme not in ("http", ""):
            return None  # the app knows itself as http://app only
        location = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    if location.startswith("/"):
        return prefix + location
    return location


class PreviewRoutes:
    """Mounted at ``/preview`` (and the whole of a preview origin): finds the job, opens (or
    starts) its preview, forwards the request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        state: Any = scope["app"].state
        raw = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        split = split_path(raw, PREFIX, scope.get("preview_job"))
        if split is None:
            await _page(send, 400, "That is not a preview address.")
            return
        job_id, path = split
        if not is_job_id(job_id):
            await _page(send, 404, f"No job {job_id[:40]} here.")
            return
        if not path:  # /preview/<id>: the app's relative URLs need the folder's slash
            await plain(send, 308, b"", [(b"location", f"{PREFIX}{job_id}/".encode())])
            return
        job = await state.jobs.get(job_id)
        if job is None:
            await _page(send, 404, f"No job {job_id} here.")
            return
        if job["status"] not in WITH_PROJECT:
            await _page(send, 409, f"The app is not ready: the job is {job['status']}.")
            return
        if scope["method"] == "OPTIONS":
            await plain(send, 204, b"", PREFLIGHT)
            return
        prefix = "" if scope.get("preview_job") else f"{PREFIX}{job_id}"

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _answer_headers(message.get("headers", []), prefix)}
            await send(message)

        try:
            previews: Previews = state.previews
            await previews.forward(job_id, scope, receive, with_headers, path)
        except SandboxUnavailable as exc:
            await _page(send, 503, f"Previews are off on this server: {exc}")
        except PreviewError as exc:
            await _page(send, 503, f"The preview could not start: {exc.reason}.", exc.lines)
        except Unreachable:
            await _page(send, 502, "The app stopped while answering; reload to start it again.")


def _answer_headers(headers: list[tuple[bytes, bytes]], prefix: str) -> list[tuple[bytes, bytes]]:
    """The app's answer headers as the visitor gets them: only those that describe the answer
    (the forwarder's allow-list, applied again here whatever hop they came through), a
    redirect kept within the preview, and the service's own policy."""
    kept: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        lower = name.lower().decode("latin-1")
        if lower not in RESPONSE_HEADERS:
            continue
        if lower == "location":
            where = local_location(value.decode("latin-1"), prefix)
            if where is None:
                continue
            value = where.encode("latin-1")
        kept.append((name, value))
    return [*kept, *PREVIEW_HEADERS]
