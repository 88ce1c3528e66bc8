"""Tokens on the wire per request: this checkout beside an earlier commit, in one run.

    python bench/tokens.py [--before 3ae2063] [--requests "build a todo app" ...]

Each version runs its own ``fake-llm`` server behind a counting reverse proxy on loopback and
generates each request through the HTTP path (DeepSeek, Groq and Gemini keys, as the default
chains use). Tokens are counted from the bytes that cross the proxy, the way a provider bills
them: the text of every message sent (input) and of every answer received (output), at about 4
characters a token. Whatever a version does (retries, continuations, fix rounds) is counted.
The earlier commit is checked out in a temporary git worktree.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = ["build a todo app", "a library system to track books, members and loans"]
PATHS = {
    "gemini": "/gemini/v1beta",
    "groq": "/groq/openai/v1",
    "deepseek": "/deepseek",
    "openrouter": "/openrouter/api/v1",
}


def tokens(chars: int) -> int:
    return chars // 4


@dataclass
class Call:
    agent: str
    sent: int = 0
    received: int = 0


@dataclass
class Counter:
    calls: list[Call] = field(default_factory=list)


def _sent_chars(body: dict) -> tuple[int, str]:
    """Characters of message text in a request, and the agent its system prompt names."""
    if "contents" in body:
        texts = [p.get("text", "") for c in body["contents"] for p in c.get("parts", [])]
        system = " ".join(p.get("text", "") for p in (body.get("systemInstruction") or {}).get("parts", []))
        texts.append(system)
    else:
        texts = [str(m.get("content", "")) for m in body.get("messages", [])]
        system = " ".join(
            str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "system"
        )
    agent = next((a for a in ("CORE", "ARCH", "BACKEND", "UIX", "DEBUG") if f"You are {a}" in system), "?")
    return sum(len(t) for t in texts), agent.lower()


def _received_chars(raw: bytes) -> int:
    """Characters of answer text in a response: a JSON body or server-sent events."""
    text = raw.decode("utf-8", "replace")
    payloads = [line[5:].strip() for line in text.splitlines() if line.startswith("data:")] or [text]
    total = 0
    for payload in payloads:
        try:
            event = json.loads(payload)
        except json.JSONDecodeError:
            continue
        for choice in event.get("choices") or []:
            total += len((choice.get("delta") or choice.get("message") or {}).get("content") or "")
        for candidate in event.get("candidates") or []:
            total += sum(len(p.get("text", "")) for p in (candidate.get("content") or {}).get("parts", []))
    return total


async def proxy(upstream: str, counter: Counter, port: int) -> asyncio.Server:
    client = httpx.AsyncClient(timeout=None)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {
                k.strip(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
            }
            length = int(next((v for k, v in headers.items() if k.lower() == "content-length"), "0"))
            body = await reader.readexactly(length)
            call = None
            if method == "POST" and body:
                sent, agent = _sent_chars(json.loads(body))
                call = Call(agent, sent)
                counter.calls.append(call)
            forward = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}
            response = await client.request(method, upstream + target, headers=forward, content=body)
            raw = response.content
            if call is not None:
                call.received = _received_chars(raw)
            out = f"HTTP/1.1 {response.status_code} X\r\ncontent-type: {response.headers.get('content-type', '')}\r\n"
            out += f"content-length: {len(raw)}\r\nconnection: close\r\n\r\n"
            writer.write(out.encode() + raw)
            await writer.drain()
        finally:
            writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", port)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def measure(source: Path, label: str) -> list[tuple[str, str, Counter, float]]:
    fake_port, proxy_port = free_port(), free_port()
    fake = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "fake-llm", "--port", str(fake_port)],
        cwd=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rows = []
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", fake_port), timeout=0.2):
                    break
            except OSError:
                await asyncio.sleep(0.1)
        for request in REQUESTS:
            counter = Counter()
            server = await proxy(f"http://127.0.0.1:{fake_port}", counter, proxy_port)
            work = Path(tempfile.mkdtemp(prefix="bench-tokens-"))
            env = {
                k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_") and "_API_KEY" not in k
            }
            env.update(
                {
                    f"PIPELINE_{p.upper()}_BASE_URL": f"http://127.0.0.1:{proxy_port}{path}"
                    for p, path in PATHS.items()
                }
            )
            env.update(
                GEMINI_API_KEY="AIza-bench-good-0123456789",
                GROQ_API_KEY="gsk_bench-good-0123456789",
                DEEPSEEK_API_KEY="sk-bench-good-0123456789",
                PIPELINE_DATA_DIR=str(work / ".pipeline"),
                PYTHONPATH=str(source),
            )
            started = time.perf_counter()
            done = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "pipeline", request, "--out", str(work / "out"), "--no-cache",
                cwd=source, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            _, err = await done.communicate()
            took = time.perf_counter() - started
            server.close()
            await server.wait_closed()
            shutil.rmtree(work, ignore_errors=True)
            if done.returncode != 0:
                raise SystemExit(f"{label}: {request!r} failed: {err.decode()[-500:]}")
            rows.append((label, request, counter, took))
    finally:
        fake.terminate()
        fake.wait(10)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--before", default="3ae2063", help="the commit to compare with (before the file-block protocol)"
    )
    parser.add_argument(
        "--requests", nargs="*", help="requests to generate (default: a todo app and a library system)"
    )
    args = parser.parse_args()
    if args.requests:
        REQUESTS[:] = args.requests
    worktree = Path(tempfile.mkdtemp(prefix="pipeline-before-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.before], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    try:
        rows = asyncio.run(measure(worktree, f"before ({args.before})"))
        rows += asyncio.run(measure(ROOT, "now"))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
    table = Table(title="tokens on the wire per generated app (fake provider, counted at a proxy)")
    for column in (
        "version",
        "request",
        "calls",
        "tokens in",
        "tokens out",
        "total",
        "largest call",
        "by agent",
        "s",
    ):
        table.add_column(
            column, justify="right" if column not in ("version", "request", "by agent") else "left"
        )
    for label, request, counter, took in rows:
        sent = sum(tokens(c.sent) for c in counter.calls)
        received = sum(tokens(c.received) for c in counter.calls)
        largest = max((tokens(c.sent) + tokens(c.received) for c in counter.calls), default=0)
        by_agent: dict[str, int] = {}
        for c in counter.calls:
            by_agent[c.agent] = by_agent.get(c.agent, 0) + tokens(c.sent) + tokens(c.received)
        table.add_row(
            label, request[:40], str(len(counter.calls)), f"{sent:,}", f"{received:,}", f"{sent + received:,}",
            f"{largest:,}", ", ".join(f"{a} {n:,}" for a, n in by_agent.items()), f"{took:.1f}",
        )  # fmt: skip
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
