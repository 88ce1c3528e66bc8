"""µs per acquire+report: our key pool (memory, sqlite, redis) beside LiteLLM's Router.

    python bench/keypool.py [--n 2000] [--redis redis://127.0.0.1:6379/15] [--fill]

``--fill`` adds a second table: µs per lease as the minute window fills (after 500, 3,500 and
13,500 leases inside one minute, 100 keys at rpm 10⁷), for every store: the window is kept per
second, so the cost stays flat however busy the minute.

Both sides choose among 100 keys/deployments of one model with room to spare, in one
process, one call at a time, and record the call's usage:
- ours: ``async with pool.lease(...) as lease: lease.report(tokens=...)`` (round-robin,
  exact sliding windows, limit groups, breaker state read on every acquire);
- LiteLLM: ``Router(routing_strategy="usage-based-routing-v2")``, selection alone
  (``async_get_available_deployment``) and selection + usage logging (``acompletion`` with
  ``mock_response``, which runs the same success callbacks as a real call), in-process and
  with Redis as its shared cache.
Needs ``pip install litellm`` for the peer columns (the `bench` extra).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

from rich.console import Console
from rich.table import Table

from pipeline.keypool import KeyPool, KeySpec
from pipeline.keypool.stores.redis_store import RedisStore

KEYS = 100
MESSAGES = [{"role": "user", "content": "hello"}]


async def timed(n: int, op: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    for _ in range(min(50, n)):  # warm-up
        await op()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        await op()
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.mean(samples), statistics.quantiles(samples, n=100)[94]


async def ours(store: object, n: int) -> tuple[float, float]:
    specs = [
        KeySpec("groq", f"gsk_bench_key_{i:03d}_0123456789abcdef", rpm=10**7, rpd=10**9, tpm=10**12)
        for i in range(KEYS)
    ]
    pool = KeyPool(specs, store)  # type: ignore[arg-type]

    async def op() -> None:
        async with pool.lease("groq", model="m", estimated_tokens=100) as lease:
            lease.report(tokens=120)

    try:
        return await timed(n, op)
    finally:
        if isinstance(pool.store, RedisStore):
            await pool.store.clear()
        await pool.close()


async def filling(
    store: object, checkpoints: tuple[int, ...] = (500, 3_500, 13_500), sample: int = 300
) -> list[float]:
    """Mean µs of ``sample`` leases once each checkpoint's number of leases is in the minute."""
    specs = [
        KeySpec("groq", f"gsk_bench_fill_{i:03d}_0123456789abcdef", rpm=10**7, tpm=10**12)
        for i in range(KEYS)
    ]
    pool = KeyPool(specs, store)  # type: ignore[arg-type]

    async def op() -> None:
        async with pool.lease("groq", model="m", estimated_tokens=100) as lease:
            lease.report(tokens=120)

    done, means = 0, []
    try:
        for checkpoint in checkpoints:
            while done < checkpoint:
                await op()
                done += 1
            started = time.perf_counter()
            for _ in range(sample):
                await op()
            done += sample
            means.append((time.perf_counter() - started) * 1e6 / sample)
        return means
    finally:
        if isinstance(pool.store, RedisStore):
            await pool.store.clear()
        await pool.close()


def litellm_router(redis_url: str | None) -> object:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    from litellm import Router

    model_list = [
        {
            "model_name": "bench",
            "litellm_params": {
                "model": "groq/llama-3.3-70b-versatile",
                "api_key": f"gsk_bench_{i}",
                "rpm": 10**7,
                "tpm": 10**12,
            },
        }
        for i in range(KEYS)
    ]
    options: dict[str, object] = {}
    if redis_url:
        from urllib.parse import urlparse

        parsed = urlparse(redis_url)
        options = {"redis_host": parsed.hostname, "redis_port": parsed.port or 6379}
    return Router(model_list=model_list, routing_strategy="usage-based-routing-v2", **options)


async def litellm_select(redis_url: str | None, n: int) -> tuple[float, float]:
    router = litellm_router(redis_url)

    async def op() -> None:
        await router.async_get_available_deployment(model="bench", messages=MESSAGES, request_kwargs={})  # type: ignore[attr-defined]

    return await timed(n, op)


async def litellm_full(redis_url: str | None, n: int) -> tuple[float, float]:
    router = litellm_router(redis_url)

    async def op() -> None:
        await router.acompletion(model="bench", messages=MESSAGES, mock_response="ok")  # type: ignore[attr-defined]

    return await timed(n, op)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--fill", action="store_true", help="also: µs per lease as the minute window fills")
    args = parser.parse_args()
    rows: list[tuple[str, str, float, float]] = []
    tmp = f"/tmp/pipeline-bench-{uuid.uuid4().hex}.db"
    rows.append(("pipeline", "memory", *await ours("memory", args.n)))
    rows.append(("pipeline", "sqlite (file, WAL)", *await ours(f"sqlite:///{tmp}", args.n)))
    rows.append(
        (
            "pipeline",
            "redis (one Lua script)",
            *await ours(RedisStore(args.redis, namespace=f"bench:{uuid.uuid4().hex}"), args.n),
        )
    )
    try:
        rows.append(("LiteLLM Router", "in-process: select", *await litellm_select(None, args.n)))
        rows.append(("LiteLLM Router", "in-process: select + usage", *await litellm_full(None, args.n)))
        rows.append(("LiteLLM Router", "redis: select", *await litellm_select(args.redis, args.n)))
        rows.append(("LiteLLM Router", "redis: select + usage", *await litellm_full(args.redis, args.n)))
    except ImportError:
        Console().print(
            "[yellow]litellm is not installed: pip install litellm (or -e '.[bench]') for the peer rows[/]"
        )
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    base = rows[0][2]
    table = Table(title=f"acquire + report, {KEYS} keys, n={args.n} sequential calls")
    for column in ("system", "store / path", "mean µs", "p95 µs", "× pipeline memory"):
        table.add_column(column, justify="right" if "µs" in column or "×" in column else "left")
    for system, store, mean, p95 in rows:
        table.add_row(system, store, f"{mean:,.0f}", f"{p95:,.0f}", f"{mean / base:.2f}")
    Console().print(table)
    peers = {store: mean for system, store, mean, _ in rows if system == "LiteLLM Router"}
    if peers:
        Console().print(
            f"LiteLLM select + usage ÷ ours: in-process {peers['in-process: select + usage'] / rows[0][2]:.0f}×, "
            f"sqlite vs LiteLLM in-process {peers['in-process: select + usage'] / rows[1][2]:.0f}×, "
            f"redis {peers['redis: select + usage'] / rows[2][2]:.0f}×"
        )
    if args.fill:
        fill = Table(title="µs per lease as the minute fills (100 keys, one minute)")
        for column in ("store", "after 500", "after 3,500", "after 13,500"):
            fill.add_column(column, justify="left" if column == "store" else "right")
        tmp2 = f"/tmp/pipeline-bench-{uuid.uuid4().hex}.db"
        for name, store in (
            ("memory", "memory"), ("sqlite (file, WAL)", f"sqlite:///{tmp2}"),
            ("redis", RedisStore(args.redis, namespace=f"bench:{uuid.uuid4().hex}")),
        ):  # fmt: skip
            fill.add_row(name, *(f"{m:,.0f}" for m in await filling(store)))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(tmp2 + suffix):
                os.remove(tmp2 + suffix)
        Console().print(fill)


if __name__ == "__main__":
    asyncio.run(main())
