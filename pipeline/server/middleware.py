"""The ASGI layer in front of every route: header caps, and the body cap, counted as the body
streams, on every method and every path (``/preview`` too)."""

from __future__ import annotations

import os
import secrets
from typing import Any

from pipeline.preview.proxy import BodyTooLarge
from pipeline.server.problems import problem

MAX_HEADER_BYTES = int(os.environ.get("PIPELINE_MAX_HEADER_BYTES", str(32 * 1024)))
"""All of a request's header lines together. The HTTP parser is told the same bound (see
``uvicorn_options``), so a longer head is refused before it is held; this check is what a
parser without such a bound (httptools) still gets."""
MAX_HEADERS = int(os.environ.get("PIPELINE_MAX_HEADERS", "100"))


def uvicorn_options() -> dict[str, Any]:
    """How the service's HTTP servers parse requests: h11, whose bound on an unfinished request
    head (the request line and headers) refuses a huge header while it arrives; httptools
    reads any size into memory first."""
    return {"http": "h11", "h11_max_incomplete_event_size": MAX_HEADER_BYTES + 1024}


def headers_refusal(headers: list[tuple[bytes, bytes]]) -> str:
    """Why a request's headers are refused (too many, too large), or ""."""
    if len(headers) > MAX_HEADERS:
        return f"at most {MAX_HEADERS} headers"
    if sum(len(k) + len(v) + 4 for k, v in headers) > MAX_HEADER_BYTES:
        return f"at most {MAX_HEADER_BYTES} bytes of headers"
    return ""


class BodyCapAndWorker:
    """Refuses headers over their caps (431), and a body over its cap as it streams, chunked or
    not, whatever the method (413): at most the cap is ever counted, then the rest is never
    read. The API's routes get their (small) body read here; a preview's body streams on to
    its app, counted on the way against the preview cap. Names the answering process
    (``X-Worker``, an opaque id, never a host or pid). Plain ASGI: FastAPI's ``@app.middleware``
    costs about a millisecond a request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.worker = secrets.token_hex(4).encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = headers_refusal(scope["headers"])
        if refused:
            await problem(431, "request headers too large", refused)(scope, receive, send)
            return
        config = scope["app"].state.config
        path = scope["path"]
        preview = path == "/preview" or path.startswith("/preview/")
        preview = preview or scope["app"].state.preview_origin.match(scope)[0]
        cap = config.preview_max_body_bytes if preview else config.max_body_bytes
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > cap):
            await problem(413, "request body too large", f"the limit is {cap} bytes")(scope, receive, send)
            return
        started = False

        async def named(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-worker", self.worker)]
            await send(message)

        if preview:
            try:
                await self.app(scope, counted(receive, cap), named)
            except BodyTooLarge:
                if not started:
                    await problem(413, "request body too large", f"the limit is {cap} bytes")(
                        scope, receive, send
                    )
            return
        # an API route's body is small: read it here, counting, then hand it on whole
        chunks: list[bytes] = []
        try:
            async for chunk in _read(counted(receive, cap)):
                chunks.append(chunk)
        except BodyTooLarge:
            await problem(413, "request body too large", f"the limit is {cap} bytes")(scope, receive, send)
            return
        except ConnectionAbortedError:
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, named)


def counted(receive: Any, cap: int) -> Any:
    """``receive``, raising BodyTooLarge once the body it has given passes ``cap`` bytes."""
    size = 0

    async def receive_counted() -> Any:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > cap:
                raise BodyTooLarge(cap)
        return message

    return receive_counted


async def _read(receive: Any) -> Any:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ConnectionAbortedError
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return
