"""ASGI forwarding to an app on a unix socket: every request handed on, the answer streamed back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "host"})
MAX_BODY = 10 * 1024 * 1024


class Unreachable(ConnectionError):
    """Nothing answered where the app should be (it stopped, or its host went away)."""


class Forwarder:
    """Forwards requests to one HTTP server; as an ASGI app it serves that server at /."""

    def __init__(self, base_url: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.client = httpx.AsyncClient(transport=transport, base_url=base_url, timeout=60)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await self.aclose()
            await send({"type": "lifespan.shutdown.complete"})
        elif scope["type"] == "http":
            try:
                await self.forward(scope, receive, send, scope["path"])
            except Unreachable:
                await plain(send, 502, b"The app is not running.")

    async def aclose(self) -> None:
        await self.client.aclose()

    async def forward(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                await plain(send, 413, b"The request is too large.")
                return
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        request = self.client.build_request(
            scope["method"], path or "/", params=scope.get("query_string", b"").decode("latin-1"),
            headers=[(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP], content=body,
        )  # fmt: skip
        try:
            answer = await self.client.send(request, stream=True)
        except httpx.TransportError as exc:
            raise Unreachable(str(exc)) from exc
        try:
            await send({
                "type": "http.response.start", "status": answer.status_code,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()
                            if k.lower() not in HOP_BY_HOP and k.lower() not in ("date", "server")],
            })  # fmt: skip
            async for chunk in answer.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await answer.aclose()


class SocketProxy(Forwarder):
    """The app on a unix socket (``python -m pipeline run``, a preview)."""

    def __init__(self, socket: Path) -> None:
        super().__init__("http://app", httpx.AsyncHTTPTransport(uds=str(socket)))


async def plain(
    send: Send, status: int, text: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"text/plain; charset=utf-8"), *(headers or [])],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": text})
