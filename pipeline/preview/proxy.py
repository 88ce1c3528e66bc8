"""ASGI forwarding to an app on a unix socket: every request handed on, the answer streamed back.

Both ways go through allow-lists: the app is told only what it needs to answer (never the
visitor's cookies, the service's secrets or its own routing headers), and its answer carries only
headers that describe that answer; anything that would act on the origin it is shown from
(``Set-Cookie``, ``Clear-Site-Data``, ``Refresh``, ``Link``, a policy of its own …) is dropped.
The request body streams to the app as it comes, counted against a cap; nothing is buffered.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import httpx

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
MAX_BODY = int(os.environ.get("PIPELINE_PREVIEW_MAX_BODY_BYTES", str(10 * 1024 * 1024)))
"""A request body to an app (an upload, say), at every hop: the API, a worker's preview host, ``run``."""

REQUEST_HEADERS = frozenset({
    "accept", "accept-encoding", "accept-language", "authorization", "cache-control", "content-language",
    "content-length", "content-type", "if-match", "if-modified-since", "if-none-match", "if-range",
    "if-unmodified-since", "pragma", "range", "user-agent", "x-requested-with",
})  # fmt: skip
"""What a visitor's request may tell the app: content negotiation, caching, ranges and the app's
own bearer tokens. Not cookies (the service's origin may hold some), not ``X-Job-Secret``, not
``Host``/``Forwarded`` (the app lives at its own address)."""

RESPONSE_HEADERS = frozenset({
    "accept-ranges", "age", "allow", "cache-control", "content-disposition", "content-encoding",
    "content-language",
    "content-length", "content-range", "content-type", "etag", "expires", "last-modified",
    "location", "retry-after", "vary",
})  # fmt: skip
"""What an app's answer may carry: headers that describe that one answer. Everything else is
dropped, since it acts on the origin the answer is shown from: ``Set-Cookie``,
``Clear-Site-Data``, ``Refresh``, ``Link`` (preloads, a service worker's scope), ``Service-Worker-
Allowed``, ``Strict-Transport-Security``, ``Alt-Svc``, ``Origin-Agent-Cluster``, reporting
endpoints, ``Access-Control-*`` (the service answers CORS itself, without credentials), a
``Content-Security-Policy`` or ``Permissions-Policy`` of the app's own (the service sets the
policy), ``WWW-Authenticate`` (a login prompt on the service's origin) …"""


class Unreachable(ConnectionError):
    """Nothing answered where the app should be (it stopped, or its host went away)."""


class BodyTooLarge(Exception):
    """The request's body went past its cap while streaming; the rest is never read."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"the request body is over {cap} bytes")
        self.cap = cap


def request_headers(scope: Scope, allowed: frozenset[str] = REQUEST_HEADERS) -> list[tuple[str, str]]:
    """The scope's headers an app may see (``allowed``, lower-case names)."""
    return [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in scope["headers"]
        if k.decode("latin-1").lower() in allowed
    ]


def response_headers(headers: httpx.Headers) -> list[tuple[bytes, bytes]]:
    """An app's answer headers that may reach a browser."""
    return [
        (k.encode("latin-1"), v.encode("latin-1"))
        for k, v in headers.multi_items()
        if k.lower() in RESPONSE_HEADERS
    ]


async def body_of(receive: Receive, cap: int) -> AsyncIterator[bytes]:
    """The request body as it arrives; BodyTooLarge past ``cap`` bytes."""
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            raise BodyTooLarge(cap)
        if chunk:
            yield chunk
        if not message.get("more_body"):
            return


class _NoCookies(CookieJar):
    """A forwarder's client keeps no cookies: one an app set for one visitor would otherwise go
    back to it with every visitor's requests."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: Any) -> None:
        return None


class Forwarder:
    """Forwards requests to one HTTP server; as an ASGI app it serves that server at /."""

    def __init__(
        self,
        base_url: str,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        max_body: int = MAX_BODY,
        forwarded: frozenset[str] = REQUEST_HEADERS,
    ) -> None:
        self.client = httpx.AsyncClient(
            transport=transport, base_url=base_url, timeout=60, cookies=_NoCookies()
        )
        self.max_body = max_body
        self.forwarded = forwarded

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

    async def forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        path: str,
        signer: Callable[[httpx.Request], list[tuple[str, str]]] | None = None,
    ) -> None:
        """Hands the request on to ``path``, streaming its body, and streams the answer back; a
        body over the cap is answered 413. ``signer`` adds headers made from the request as it
        will be sent. Unreachable when nothing answers."""
        request = self.client.build_request(
            scope["method"], path or "/", params=scope.get("query_string", b"").decode("latin-1"),
            headers=request_headers(scope, self.forwarded), content=body_of(receive, self.max_body),
        )  # fmt: skip
        client = scope.get("client")
        if client:  # the visitor, as this server saw it: the app's per-client limits count each one
            request.headers["x-forwarded-for"] = str(client[0])
        for name, value in signer(request) if signer is not None else []:
            request.headers[name] = value
        if not any(k.lower() == "accept-encoding" for k, _ in request_headers(scope, self.forwarded)):
            request.headers["accept-encoding"] = "identity"  # answers pass through as they come
        try:
            answer = await self.client.send(request, stream=True)
        except BodyTooLarge:
            await plain(send, 413, b"The request is too large.")
            return
        except httpx.TransportError as exc:
            raise Unreachable(str(exc)) from exc
        try:
            await send({
                "type": "http.response.start", "status": answer.status_code,
                "headers": response_headers(answer.headers),
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
