"""The ASGI layer in front of every route: the body cap, counted as the body streams."""

from __future__ import annotations

import secrets
from typing import Any

from pipeline.server.problems import problem


class BodyCapAndWorker:
    """Refuses a body over the cap as it streams (chunked too): at most the cap is ever held, then
    the rest is never read. Names the answering process (``X-Worker``, an opaque id, never a host
    or pid). Plain ASGI: FastAPI's ``@app.middleware`` costs about a millisecond a request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.worker = secrets.token_hex(4).encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = scope["app"].state.config.max_body_bytes
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > cap):
            await problem(413, "request body too large", f"the limit is {cap} bytes")(scope, receive, send)
            return

        async def named(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-worker", self.worker)]
            await send(message)

        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, named)
            return
        # read the body here, counting as it comes; past the cap, answer 413 and stop reading
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                await problem(413, "request body too large", f"the limit is {cap} bytes")(
                    scope, receive, send
                )
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, named)
