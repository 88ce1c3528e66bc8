"""Load on the HTTP service over loopback, with the fake LLM server as every provider.

    python bench/service.py [--clients 20] [--requests 5] [--workers 1] [--latency 0.2]
    python bench/service.py --workers 2 --queue-workers 2 --kill-worker [--latency 1.5]
    python bench/service.py --soak 500

N concurrent clients each send their generation requests; the table shows what the API itself
answers (requests/s accepted, p50/p95 of POST /generate and GET /jobs/{id}), how the jobs ended
(accepted, completed, lost), provider calls made twice, and memory.

- Without ``--queue-workers`` the service runs as one command without Redis (its job process
  beside the API); with it, the API and ``python -m pipeline worker`` processes share Redis and
  PostgreSQL holds the checkpoints.
- ``--kill-worker`` SIGKILLs the queue worker running a job that is part-way through; the other
  workers must finish every job.
- ``--soak N`` runs N offline jobs, eight in flight, and samples the service's RSS (API and job
  processes) every 50 jobs: flat after warm-up means finished jobs are let go.

Everything stays on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.testing.fake_llm import base_urls  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/12"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
FINAL = ("succeeded", "failed", "rejected")
PROMPTS = [
    "build a todo app",
    "expense tracker with categories and monthly totals",
    "a library system to track books, members and loans",
    "a habit tracker",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    """RSS of a process and all its descendants (uvicorn workers, the job process)."""
    total = 0
    for proc in [pid, *_descendants(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def _descendants(pid: int) -> list[int]:
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []
    return [d for c in children for d in (c, *_descendants(c))]


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values[0] if values else 0.0)


class Answer:
    def __init__(self, status: int, body: bytes) -> None:
        self.status_code = status
        self.body = body

    def json(self) -> Any:
        import json

        return json.loads(self.body)


class Client:
    """The load's HTTP client: aiohttp, whose cost per request is a sixth of httpx's here, so
    that the latencies measured are the service's and not the instrument's queueing."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Client:
        self.session = aiohttp.ClientSession(
            base_url=self.base, timeout=aiohttp.ClientTimeout(total=60),
            connector=aiohttp.TCPConnector(limit=100),
        )  # fmt: skip
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.session is not None
        await self.session.close()

    async def get(self, path: str) -> Answer:
        assert self.session is not None
        async with self.session.get(path) as r:
            return Answer(r.status, await r.read())

    async def post(self, path: str, json: Any) -> Answer:
        assert self.session is not None
        async with self.session.post(path, json=json) as r:
            return Answer(r.status, await r.read())


class FakeProvider:
    """The fake LLM server in a process of its own: a real provider is not on the client's loop."""

    def __init__(self, latency: float) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            # nice: a real provider runs on its own machines, not on the CPU the API needs
            ["nice", "-n", "10", sys.executable, "-m", "pipeline", "fake-llm", "--port", str(self.port), "--latency", str(latency)],
            stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        self.urls = base_urls(self.port, "127.0.0.1")
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/_calls")
                return
            except httpx.HTTPError:
                time.sleep(0.05)

    async def calls(self) -> int:
        async with httpx.AsyncClient() as client:
            return len((await client.get(f"http://127.0.0.1:{self.port}/_calls")).json())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def environment(args: argparse.Namespace, fake: FakeProvider, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "_API_KEY" not in k and not k.startswith("PIPELINE_")}
    env.update({f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()})
    env.update({"DEEPSEEK_API_KEYS": "sk-bench-1,sk-bench-2", "GROQ_API_KEYS": "gsk_bench-1,gsk_bench-2", "GEMINI_API_KEYS": "AIza-bench-1,AIza-bench-2",
                "OPENROUTER_API_KEY": "sk-or-v1-bench", "PIPELINE_DATA_DIR": str(tmp), "PIPELINE_CACHE": "false",
                "RATE_LIMIT_GENERATION": "100000/minute", "PIPELINE_MAX_RUNNING_JOBS": "8", "PIPELINE_MAX_QUEUED_JOBS": "100000",
                "PIPELINE_MAX_KEPT_JOBS": "100", "PYTHONPATH": str(ROOT)})  # fmt: skip
    if args.workers > 1 or args.queue_workers:
        env.update({"PIPELINE_REDIS_URL": REDIS_URL, "PIPELINE_POSTGRES_URL": PG_URL,
                    "PIPELINE_JOB_HEARTBEAT_S": "6", "PIPELINE_JOB_SWEEP_S": "8"})  # fmt: skip
    else:
        env["PIPELINE_KEY_STORE"] = "memory"
    return env


class Processes:
    def __init__(self, args: argparse.Namespace, env: dict[str, str], tmp: Path, port: int) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "pipeline.server:app", "--port", str(port), "--workers", str(args.workers), "--log-level", "warning"],
            env=env, cwd=tmp,
        )  # fmt: skip
        self.workers = [
            subprocess.Popen(
                [sys.executable, "-m", "pipeline", "worker", "--concurrency", "4"],
                env=env,
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(args.queue_workers)
        ]

    def rss(self) -> int:
        return rss_kib(self.server.pid) + sum(rss_kib(w.pid) for w in self.workers if w.poll() is None)

    def stop(self) -> None:
        for proc in [self.server, *self.workers]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [self.server, *self.workers]:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


async def wait_up(client: Client) -> None:
    for _ in range(200):
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the service did not start")


async def one_job(client: Client, prompt: str, options: dict[str, Any], limit_s: float) -> str:
    job_id = (await client.post("/api/v1/generate", json={"prompt": prompt, "options": options})).json()[
        "job_id"
    ]
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        status = str((await client.get(f"/api/v1/jobs/{job_id}")).json()["status"])
        if status in FINAL:
            return status
        await asyncio.sleep(0.1)
    return "lost"


async def killer(client: Client, ids: list[str], procs: Processes, killed: list[str]) -> None:
    """SIGKILL the queue worker running a job that has finished one agent and not all."""
    pids = {w.pid for w in procs.workers}
    while not killed:
        for job_id in list(ids):
            job = (await client.get(f"/api/v1/jobs/{job_id}")).json()
            done = [a for a, p in (job.get("progress") or {}).items() if str(p).startswith("done")]
            worker = str(job.get("worker") or ":0")
            pid = int(worker.rsplit(":", 1)[1])
            if job["status"] == "running" and 1 <= len(done) <= 3 and pid in pids:
                os.kill(pid, signal.SIGKILL)
                killed.append(f"{job_id} (worker pid {pid}, after {', '.join(done)})")
                return
        await asyncio.sleep(0.2)


async def load(args: argparse.Namespace) -> list[tuple[str, str]]:
    fake = FakeProvider(args.latency)
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-service-"))
    env = environment(args, fake, tmp)
    if "PIPELINE_REDIS_URL" in env:
        subprocess.run(
            ["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "flushdb"], check=True, capture_output=True
        )
    procs = Processes(args, env, tmp, port)
    killed: list[str] = []
    try:
        async with Client(f"http://127.0.0.1:{port}") as client:
            await wait_up(client)
            # one job alone first: how many provider calls a job makes when nothing goes wrong
            if args.queue_workers or args.workers == 1:
                await one_job(client, "build a todo app", {}, 300)
            calls_per_job = await fake.calls()
            rss_before = procs.rss()
            post_ms: list[float] = []
            get_ms: list[float] = []
            accepted: list[str] = []
            refused = 0

            async def one_client(n: int) -> None:
                nonlocal refused
                for i in range(args.requests):
                    started = time.perf_counter()
                    response = await client.post(
                        "/api/v1/generate", json={"prompt": PROMPTS[(n + i) % len(PROMPTS)]}
                    )
                    post_ms.append((time.perf_counter() - started) * 1000)
                    if response.status_code == 202:
                        accepted.append(response.json()["job_id"])
                    else:
                        refused += 1

            started = time.perf_counter()
            kill = asyncio.create_task(killer(client, accepted, procs, killed)) if args.kill_worker else None
            await asyncio.gather(*(one_client(n) for n in range(args.clients)))
            submit_s = time.perf_counter() - started
            done: dict[str, str] = {}
            errors: list[str] = []
            while len(done) < len(accepted) and time.perf_counter() - started < args.limit:
                for job_id in accepted:
                    if job_id in done:
                        continue
                    t0 = time.perf_counter()
                    job = (await client.get(f"/api/v1/jobs/{job_id}")).json()
                    get_ms.append((time.perf_counter() - t0) * 1000)
                    if job["status"] in FINAL:
                        done[job_id] = job["status"]
                        if job["status"] == "failed" and not errors:
                            errors.append(str(job.get("error")))
                await asyncio.sleep(0.2)
            if kill is not None:
                kill.cancel()
            total_s = time.perf_counter() - started
            rss_after = procs.rss()
            calls = await fake.calls() - calls_per_job
    finally:
        procs.stop()
        fake.stop()
    ok = sum(1 for s in done.values() if s == "succeeded")
    duplicated = calls - calls_per_job * ok if calls_per_job else None
    rows = [
        ("jobs accepted / refused", f"{len(accepted)} / {refused}"),
        ("jobs completed (succeeded / failed)", f"{len(done)} ({ok} / {len(done) - ok})"),
        ("jobs lost (did not succeed)", str(len(accepted) - ok)),
        ("queue worker killed mid-job", killed[0] if killed else "no"),
        ("provider calls per clean job", str(calls_per_job or "n/a")),
        ("provider calls made twice", "n/a" if duplicated is None else str(max(0, duplicated))),
        ("requests/s accepted", f"{len(accepted) / submit_s:.1f}"),
        ("POST /generate p50 / p95", f"{pct(post_ms, 50):.1f} / {pct(post_ms, 95):.1f} ms"),
        ("GET /jobs/{id} p50 / p95", f"{pct(get_ms, 50):.1f} / {pct(get_ms, 95):.1f} ms"),
        ("jobs completed per minute", f"{len(done) / total_s * 60:.0f}"),
        ("RSS before / after (all processes)", f"{rss_before / 1024:.0f} / {rss_after / 1024:.0f} MiB"),
    ]
    if errors:
        rows.append(("first failure", errors[0][:120]))
    return rows


async def soak(args: argparse.Namespace) -> list[tuple[str, str]]:
    fake = FakeProvider(0)
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    env = environment(args, fake, tmp)
    procs = Processes(args, env, tmp, port)
    samples: list[tuple[int, int]] = []
    outcomes: dict[str, int] = {}
    try:
        async with Client(f"http://127.0.0.1:{port}") as client:
            await wait_up(client)
            samples.append((0, procs.rss()))
            next_id = 0
            lock = asyncio.Lock()

            async def runner() -> None:
                nonlocal next_id
                while True:
                    async with lock:
                        if next_id >= args.soak:
                            return
                        n = next_id
                        next_id += 1
                    status = await one_job(client, f"{PROMPTS[n % len(PROMPTS)]} {n}", {"offline": True}, 120)
                    outcomes[status] = outcomes.get(status, 0) + 1
                    finished = sum(outcomes.values())
                    if finished % 50 == 0:
                        samples.append((finished, procs.rss()))

            await asyncio.gather(*(runner() for _ in range(8)))
    finally:
        procs.stop()
        fake.stop()
    warm = next((rss for n, rss in samples if n >= args.soak // 5), samples[-1][1])
    warm_at = next((n for n, _ in samples if n >= args.soak // 5), samples[-1][0])
    last_n, last = samples[-1]
    rows = [
        ("jobs", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))),
        ("RSS every 50 jobs (MiB)", " ".join(f"{rss / 1024:.0f}" for _, rss in samples)),
        (f"RSS after warm-up ({warm_at} jobs) / at the end", f"{warm / 1024:.0f} / {last / 1024:.0f} MiB"),
        (
            "growth per job after warm-up",
            f"{(last - warm) / max(1, last_n - warm_at):.1f} KiB",
        ),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5, help="per client")
    parser.add_argument("--workers", type=int, default=1, help="API processes (more than one: Redis)")
    parser.add_argument("--queue-workers", type=int, default=0, help="`pipeline worker` processes (Redis)")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL a queue worker mid-job")
    parser.add_argument("--latency", type=float, default=0.2, help="the fake provider's delay per answer")
    parser.add_argument("--limit", type=float, default=900, help="seconds to wait for the jobs")
    parser.add_argument("--soak", type=int, default=0, metavar="N", help="N offline jobs; RSS over time")
    args = parser.parse_args()
    if args.kill_worker and args.queue_workers < 2:
        parser.error("--kill-worker needs --queue-workers 2 or more (one to kill, one to go on)")
    if args.workers > 1 and not args.queue_workers:
        parser.error("several API workers share jobs through Redis: add --queue-workers N")
    mode = f"{args.workers} API worker(s), " + (
        f"{args.queue_workers} queue worker(s) on Redis" if args.queue_workers else "job process, no Redis"
    )
    if args.soak:
        rows = asyncio.run(soak(args))
        title = f"service soak: {args.soak} offline jobs, 8 in flight, {mode}"
    else:
        rows = asyncio.run(load(args))
        title = (
            f"service under load: {args.clients} clients × {args.requests} requests, {mode}, "
            f"provider latency {args.latency}s"
        )
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
