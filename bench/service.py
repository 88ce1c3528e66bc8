"""Load on the HTTP service over loopback, with the fake LLM server as every provider.

    python bench/service.py [--clients 20] [--requests 5] [--workers 1] [--latency 0.2]

N concurrent clients each send their generation requests; the table shows what the API
itself answers (requests/s accepted, p50/p95 latency of POST /generate and GET /jobs/{id}),
how many jobs complete per minute, and the server's memory per job (RSS growth over the
run / jobs). Everything stays on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.providers.fake_server import FakeLLMServer  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    total = 0
    for proc in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values[0] if values else 0.0)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5, help="per client")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.2, help="the fake provider's delay per answer")
    args = parser.parse_args()

    fake = await FakeLLMServer(latency=args.latency).start()
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-service-"))
    env = {k: v for k, v in os.environ.items() if "_API_KEY" not in k and not k.startswith("PIPELINE_")}
    env.update({f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()})
    env.update({"DEEPSEEK_API_KEYS": "sk-bench-1,sk-bench-2", "GROQ_API_KEYS": "gsk_bench-1,gsk_bench-2", "GEMINI_API_KEYS": "AIza-bench-1,AIza-bench-2",
                "OPENROUTER_API_KEY": "sk-or-v1-bench", "PIPELINE_DATA_DIR": str(tmp), "PIPELINE_CACHE": "false", "PIPELINE_KEY_STORE": "memory",
                "RATE_LIMIT_GENERATION": "100000/minute", "PIPELINE_MAX_RUNNING_JOBS": "8", "PIPELINE_MAX_QUEUED_JOBS": "1000", "PYTHONPATH": str(ROOT)})  # fmt: skip
    if args.workers > 1:
        env["PIPELINE_REDIS_URL"] = "redis://127.0.0.1:6379/13"
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "pipeline.server:app", "--port", str(port), "--workers", str(args.workers), "--log-level", "warning"],
        env=env, cwd=tmp,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for _ in range(100):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.1)
            rss_before = rss_kib(server.pid)
            post_ms: list[float] = []
            get_ms: list[float] = []
            accepted: list[str] = []
            refused = 0
            prompts = [
                "build a todo app",
                "expense tracker with categories and monthly totals",
                "a library system to track books, members and loans",
                "a habit tracker",
            ]

            async def one_client(n: int) -> None:
                nonlocal refused
                for i in range(args.requests):
                    started = time.perf_counter()
                    response = await client.post(
                        "/api/v1/generate", json={"prompt": prompts[(n + i) % len(prompts)]}
                    )
                    post_ms.append((time.perf_counter() - started) * 1000)
                    if response.status_code == 202:
                        accepted.append(response.json()["job_id"])
                    else:
                        refused += 1

            started = time.perf_counter()
            await asyncio.gather(*(one_client(n) for n in range(args.clients)))
            submit_s = time.perf_counter() - started
            done: dict[str, str] = {}
            errors: list[str] = []
            while len(done) < len(accepted) and time.perf_counter() - started < 600:
                for job_id in accepted:
                    if job_id in done:
                        continue
                    t0 = time.perf_counter()
                    job = (await client.get(f"/api/v1/jobs/{job_id}")).json()
                    get_ms.append((time.perf_counter() - t0) * 1000)
                    if job["status"] in ("succeeded", "failed"):
                        done[job_id] = job["status"]
                        if job["status"] == "failed" and not errors:
                            errors.append(str(job.get("error")))
                await asyncio.sleep(0.2)
            total_s = time.perf_counter() - started
            rss_after = rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
        await fake.stop()
    table = Table(
        title=f"service under load: {args.clients} clients × {args.requests} requests, {args.workers} worker(s), provider latency {args.latency}s"
    )
    for column in ("figure", "value"):
        table.add_column(column, justify="right" if column == "value" else "left")
    ok = sum(1 for s in done.values() if s == "succeeded")
    rows = [
        ("requests accepted / refused", f"{len(accepted)} / {refused}"),
        ("requests/s accepted", f"{len(accepted) / submit_s:.1f}"),
        ("POST /generate p50 / p95", f"{pct(post_ms, 50):.1f} / {pct(post_ms, 95):.1f} ms"),
        ("GET /jobs/{id} p50 / p95", f"{pct(get_ms, 50):.1f} / {pct(get_ms, 95):.1f} ms"),
        ("jobs succeeded / failed", f"{ok} / {len(done) - ok}"),
        ("jobs completed per minute", f"{len(done) / total_s * 60:.0f}"),
        ("server RSS growth per job", f"{(rss_after - rss_before) / max(1, len(done)):.0f} KiB"),
        ("fake provider calls", str(len(fake.calls))),
    ]
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    if errors:
        Console().print(f"first failure: {errors[0]}")


if __name__ == "__main__":
    asyncio.run(main())
