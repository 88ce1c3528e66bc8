"""The fake provider on a real socket: a small HTTP/1.1 server on loopback for end-to-end runs
(whole pipelines, the service, the CLI) and for what only a socket shows (timeouts)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from pipeline.testing.fake_llm.router import FakeLLM, Reply, base_urls

REASONS = {
    200: "OK", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 404: "Not Found",
    429: "Too Many Requests", 503: "Service Unavailable",
}  # fmt: skip


@dataclass
class FakeLLMServer(FakeLLM):
    host: str = "127.0.0.1"
    port: int = 0
    _server: asyncio.Server | None = None
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> FakeLLMServer:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._handlers):  # answers still sleeping (latency, "slow" keys)
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            await self._server.wait_closed()

    @property
    def urls(self) -> dict[str, str]:
        return base_urls(self.port, self.host)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {
                k.strip().lower(): v.strip()
                for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
            }
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
            reply = await self.answer(method, target.split("?", 1)[0], headers, body)
            await _write(writer, reply)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            try:
                writer.close()
                await writer.wait_closed()
            except (ConnectionError, OSError):
                pass


async def _write(writer: asyncio.StreamWriter, reply: Reply) -> None:
    if reply.hang_before:
        await asyncio.sleep(3600)
        return
    extra = "".join(f"{k}: {v}\r\n" for k, v in reply.headers.items())
    length = "" if reply.streaming else f"Content-Length: {sum(len(p) for p in reply.parts)}\r\n"
    writer.write(
        f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Status')}\r\nContent-Type: {reply.content_type}\r\n"
        f"{length}Connection: close\r\n{extra}\r\n".encode()
    )
    for i, part in enumerate(reply.parts):
        writer.write(part)
        await writer.drain()
        if reply.hang_after == i:
            await asyncio.sleep(3600)
        if reply.drop_after == i:
            return
        if reply.pause_s and i < len(reply.parts) - 1:
            await asyncio.sleep(reply.pause_s)


async def serve_forever(host: str, port: int, latency: float, rpm: int) -> None:
    server = await FakeLLMServer(host=host, port=port, latency=latency, rpm=rpm).start()
    print(f"fake LLM server on http://{host}:{server.port}")
    for provider, url in server.urls.items():
        print(f"  PIPELINE_{provider.upper()}_BASE_URL={url}")
    await asyncio.Event().wait()
