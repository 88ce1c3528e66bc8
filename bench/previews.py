"""From a finished job to a running preview, beside the way the README used to say (install,
build, start by hand), on the same generated projects in one run.

    python bench/previews.py [--apps 4] [--hold 8]

``preview``: the service's path (unpack the job's zip, build with the shared read-only package
cache, start the API in the sandbox behind a unix socket); ``by hand``: ``npm ci`` (npm's own
cache, registry reachable) + ``npm run build`` + uvicorn on a port, unsandboxed. Then memory per
preview, request latency through the proxy, and ``--hold`` previews running at once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import generate
from pipeline.preview.manager import PreviewManager
from pipeline.projects.archive import zip_folder

REQUESTS = ["build a todo app", "a recipe book", "an online store with a shopping cart", "a sales dashboard with charts",
            "a memory matching game", "a booking system for meeting rooms", "a calculator", "a pomodoro timer"]  # fmt: skip


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def by_hand(project: Path) -> float:
    """Seconds to a served app the old way (from an unpacked project)."""
    began = time.perf_counter()
    front = project / "frontend"
    subprocess.run(["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=front,
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run(["npm", "run", "build"], cwd=front, check=True, capture_output=True)
    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port)], cwd=project / "backend",
        env={**os.environ, "DATABASE_PATH": str(project / "by-hand.db")}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/").status_code == 200:
                    return time.perf_counter() - began
            except httpx.TransportError:
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait()


async def previews(archives: dict[str, bytes], root: Path, hold: int) -> dict[str, object]:
    manager = PreviewManager(root, max_previews=max(hold, len(archives)), idle_s=3600)
    ready, memory, latency = [], [], []
    try:
        for job_id, data in archives.items():

            async def load(data: bytes = data) -> bytes:
                return data

            preview = await manager.open(job_id, load)
            ready.append(preview.started_s)
            memory.append(preview.app.process.memory_bytes() / 2**20)
        first = next(iter(manager.running.values()))
        async with httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(uds=str(first.app.socket)), base_url="http://a"
        ) as c:
            for _ in range(50):
                t = time.perf_counter()
                await c.get("/")
                latency.append((time.perf_counter() - t) * 1000)
        total = sum(p.app.process.memory_bytes() for p in manager.running.values()) / 2**20
        return {
            "ready": ready,
            "memory": memory,
            "latency": latency,
            "held": len(manager.running),
            "held_mb": total,
        }
    finally:
        await manager.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=4, help="generated projects to time")
    parser.add_argument(
        "--hold", type=int, default=8, help="previews kept running at once for the memory figure"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        archives: dict[str, bytes] = {}
        hand: list[float] = []
        for n in range(max(args.apps, args.hold)):
            project = root / f"app{n}"
            generate(REQUESTS[n % len(REQUESTS)], out=project)
            archives[f"{n:032x}"] = zip_folder(project)
            if n < args.apps:
                copy = root / f"hand{n}"
                shutil.copytree(project, copy)
                hand.append(by_hand(copy))
        got = asyncio.run(previews(archives, root / "previews", args.hold))
    ready = list(got["ready"])[: args.apps]  # type: ignore[call-overload]
    table = Table(title=f"A finished job to a running app ({args.apps} apps; {os.cpu_count()} cores)")
    for col in ("measure", "preview (sandboxed, shared cache)", "by hand (npm ci + build + uvicorn)"):
        table.add_column(col, justify="right")
    table.add_row(
        "time to ready, median", f"{statistics.median(ready):.2f} s", f"{statistics.median(hand):.2f} s"
    )
    table.add_row("time to ready, worst", f"{max(ready):.2f} s", f"{max(hand):.2f} s")
    memory = list(got["memory"])  # type: ignore[call-overload]
    table.add_row("memory per running app", f"{statistics.median(memory):.0f} MiB (median)", "")
    latency = list(got["latency"])  # type: ignore[call-overload]
    table.add_row("GET / through the socket", f"{statistics.median(latency):.1f} ms (median of 50)", "")
    table.add_row(f"{got['held']} previews at once", f"{got['held_mb']:.0f} MiB in all", "")
    Console().print(table)


if __name__ == "__main__":
    main()
