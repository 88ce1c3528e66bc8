"""A day of requests played through the real key pool, per-client limiter and cache, on a fake
clock: ``python -m pipeline capacity --simulate --users 100000``.

Users arrive over 24 hours; most ask once, some again, a few in bursts (which the per-client
limit refuses). Requests repeat by a Zipf law over the apps people ask for, so the cache matters.
Each request that is not refused or cached asks, agent by agent, the first link of its chain
that has room, through ``KeyPool.lease`` as a real run does; a provider that answered "no room
until T" is not asked again before T (as the pool's callers never retry a quota early). An
independent check replays every grant against its group's limits: ``quota_violations`` must be 0.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import Progress

from pipeline._sync import run_sync
from pipeline.capacity.plan import Demand
from pipeline.catalog.pricing import price
from pipeline.keypool.limits import day_id, quota_for
from pipeline.names import AGENTS
from pipeline.settings import Settings

DAY = 86_400.0


class FakeClock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@dataclass
class Outcome:
    users: int = 0
    requests: int = 0
    refused: int = 0
    from_cache: int = 0
    by_providers: int = 0
    by_templates: int = 0
    """Requests where at least one agent had no link with room (the templates finished the app)."""
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cost_usd: float = 0.0
    quota_violations: int = 0


def _zipf_table(n: int, s: float) -> list[float]:
    weights = [1.0 / (k**s) for k in range(1, n + 1)]
    total = sum(weights)
    cumulative, running = [], 0.0
    for w in weights:
        running += w / total
        cumulative.append(running)
    return cumulative


def requests_of_the_day(users: int, zipf: float, seed: int) -> list[tuple[float, str, int]]:
    """(time in the day, client, which app) for every request, in time order."""
    rng = random.Random(seed)
    apps = _zipf_table(max(50, users // 20), zipf)
    day: list[tuple[float, str, int]] = []
    for user in range(users):
        client = f"client-{user}"
        start = rng.uniform(0, DAY - 120)
        burst = rng.random() < 0.01  # one in a hundred hammers the button
        count = 30 if burst else 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
        for i in range(count):
            at = start + (i * 2.0 if burst else i * rng.uniform(60, 3_600))
            day.append((min(at, DAY - 1), client, bisect.bisect_left(apps, rng.random())))
    day.sort()
    return day


async def simulate(
    settings: Settings, demand: dict[str, Demand], users: int, zipf: float, seed: int, *,
    store: str = "memory", progress: Any = None,
) -> Outcome:  # fmt: skip
    from pipeline.cache.stores import MemoryCache
    from pipeline.keypool.factory import pool_from_settings
    from pipeline.keypool.pool import NoCapacity
    from pipeline.stores.ratelimit import MemoryLimiter, Rate

    start = 1_780_000_000.0  # a fixed day, so every seed replays the same
    clock = FakeClock(start)
    pool = pool_from_settings(settings, store=store)
    pool.clock = clock
    limiter = MemoryLimiter(Rate.parse("10/minute"), clock=clock)
    cache = MemoryCache(clock=clock)
    chains = {
        a: [link for link in settings.chain(a) if link.provider != "template"] for a in AGENTS if a != "debug"
    }
    asleep: dict[str, float] = {}
    grants: dict[str, list[tuple[float, int]]] = defaultdict(list)
    group_of = {s.fingerprint: s.limit_group for s in pool.specs}
    out = Outcome(users=users)
    day = requests_of_the_day(users, zipf, seed)
    task = progress.add_task("simulating a day", total=len(day)) if progress else None
    for n, (at, client, app) in enumerate(day):
        clock.now = start + at
        out.requests += 1
        if task is not None and n % 2_000 == 0:
            progress.update(task, completed=n)
        if not (await limiter.hit(client)).allowed:
            out.refused += 1
            continue
        key = f"app-{app}"
        if await cache.get(key) is not None:
            out.from_cache += 1
            continue
        whole = True
        for agent, links in chains.items():
            need = demand[agent]
            served = False
            for link in links:
                if link.provider == "local":
                    served = True
                    break
                if asleep.get(link.provider, 0.0) > clock.now:
                    continue
                try:
                    async with pool.lease(
                        link.provider, model=link.model, estimated_tokens=int(need.tokens), timeout=0
                    ) as lease:
                        lease.report(tokens=int(need.tokens))
                    grants[group_of[lease.fingerprint]].append((clock.now, int(need.tokens)))
                    out.calls[str(link)] += 1
                    out.cost_usd += (
                        price(
                            link.provider, link.model, round(need.tokens * 0.8), round(need.tokens * 0.2)
                        ).usd
                        or 0.0
                    )
                    served = True
                    break
                except NoCapacity as exc:
                    asleep[link.provider] = exc.retry_at if exc.retry_at is not None else float("inf")
            whole = whole and served
        if whole:
            out.by_providers += 1
            await cache.set(key, "made", settings.cache_ttl_s)
        else:
            out.by_templates += 1
    if task is not None:
        progress.update(task, completed=len(day))
    zones = {s.limit_group: quota_for(s.provider).reset_zone for s in pool.specs}
    limits = {s.limit_group: pool.limits_of(s.fingerprint) for s in pool.specs}
    out.quota_violations = _violations(grants, limits, zones)
    await pool.close()
    return out


def _violations(
    grants: dict[str, list[tuple[float, int]]], limits: dict[str, Any], zones: dict[str, str]
) -> int:
    """Every 60 s window and every provider day (its own midnight) of each group, checked against
    the group's limits, from the grants alone."""
    bad = 0
    for group, log in grants.items():
        days: dict[str, list[int]] = defaultdict(list)
        for at, used in log:
            days[day_id(at, zones[group])].append(used)
        lim = limits[group]
        window: deque[tuple[float, int]] = deque()
        tokens = 0
        for at, used in log:
            window.append((at, used))
            tokens += used
            while window[0][0] <= at - 60:
                tokens -= window.popleft()[1]
            if (lim.rpm is not None and len(window) > lim.rpm) or (lim.tpm is not None and tokens > lim.tpm):
                bad += 1
        for used_that_day in days.values():
            if (lim.rpd is not None and len(used_that_day) > lim.rpd) or (
                lim.tpd is not None and sum(used_that_day) > lim.tpd
            ):
                bad += 1
    return bad


def simulate_command(
    ns: argparse.Namespace, settings: Settings, demand: dict[str, Demand], console: Console
) -> int:
    with Progress(console=console, transient=True, disable=ns.json) as progress:
        out = run_sync(
            simulate(settings, demand, ns.users, ns.zipf, ns.seed, store=ns.store, progress=progress)
        )
    result = {
        "users": out.users, "requests": out.requests, "refused_by_client_limits": out.refused,
        "from_cache": out.from_cache, "by_providers": out.by_providers, "by_templates": out.by_templates,
        "calls": dict(out.calls), "cost_usd": round(out.cost_usd, 4), "quota_violations": out.quota_violations,
    }  # fmt: skip
    if ns.json:
        console.file.write(json.dumps(result) + "\n")
    else:
        console.print(
            f"{out.users:,} users made {out.requests:,} requests in a day: {out.refused:,} refused by the per-client "
            f"limit, {out.from_cache:,} answered from the cache, {out.by_providers:,} made by models, "
            f"{out.by_templates:,} finished by the templates. Cost ${out.cost_usd:,.2f}. "
            f"Quota violations: {out.quota_violations}.",
            markup=False,
        )
        for link, n in sorted(out.calls.items()):
            console.print(f"  {link}: {n:,} calls", markup=False)
    return 0 if out.quota_violations == 0 else 1
