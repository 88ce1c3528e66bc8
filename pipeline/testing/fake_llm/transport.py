"""The fake provider as an httpx transport: wire-format tests with no socket and no server.

``PoolChatModel(..., transport=mock_transport(FakeLLM()))`` sends its requests to the same
answers the socket server gives. A stalled stream stalls (the client's own stream clocks end
it); a dropped one ends in ``httpx.RemoteProtocolError``, as a closed connection does. What only a
socket can show (a server that never answers, against httpx's own timeouts) stays with the
socket server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

from pipeline.testing.fake_llm.router import FakeLLM, Reply


class _ReplyStream(httpx.AsyncByteStream):
    def __init__(self, reply: Reply) -> None:
        self.reply = reply

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for i, part in enumerate(self.reply.parts):
            yield part
            if self.reply.hang_after == i:
                await asyncio.sleep(3600)
            if self.reply.drop_after == i:
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )
            if self.reply.pause_s and i < len(self.reply.parts) - 1:
                await asyncio.sleep(self.reply.pause_s)


def mock_transport(fake: FakeLLM) -> httpx.MockTransport:
    async def handle(request: httpx.Request) -> httpx.Response:
        headers = {k.lower(): v for k, v in request.headers.items()}
        reply = await fake.answer(request.method, request.url.path, headers, await request.aread())
        if reply.hang_before:
            await asyncio.sleep(3600)
        return httpx.Response(
            reply.status,
            headers={"content-type": reply.content_type, **reply.headers},
            stream=_ReplyStream(reply),
        )

    return httpx.MockTransport(handle)
