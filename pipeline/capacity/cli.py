"""``python -m pipeline capacity [--json] [--calls-per-app N --tokens-per-app N] [--cache-hit-rate R]``
and ``capacity --simulate --users N [--zipf S] [--seed K]``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table

from pipeline.capacity.plan import CapacityPlan, Demand, Group, plan_capacity
from pipeline.names import AGENTS
from pipeline.settings import Settings

# What an app costs each agent when no run is recorded: bench/tokens.py's figures for
# "build a todo app" over the fake provider (one call each).
MEASURED = {"core": Demand(1, 531), "arch": Demand(1, 472), "backend": Demand(1, 479), "uix": Demand(1, 781)}
INPUT_SHARE = 0.8
"""Of an app's tokens, the share that is input (bench/tokens.py: 1,851 in, 412 out)."""


def recorded_demand(settings: Settings, limit: int = 50) -> dict[str, Demand] | None:
    """Calls and tokens per agent, averaged over the recorded runs that asked a model."""
    from pipeline.tracing.store import RunStore

    store = RunStore(settings.data_dir)
    totals: dict[str, list[float]] = {}
    runs = 0
    for record in store.list()[:limit]:
        calls: dict[str, list[float]] = {}
        for event in store.events(record.run_id):
            if (
                event.get("event") == "provider_end"
                and not event.get("error")
                and event.get("agent") in MEASURED
            ):
                c = calls.setdefault(event["agent"], [0.0, 0.0])
                c[0] += 1
                c[1] += float(event.get("input_tokens", 0)) + float(event.get("output_tokens", 0))
        if calls:
            runs += 1
            for agent, (n, tokens) in calls.items():
                t = totals.setdefault(agent, [0.0, 0.0])
                t[0] += n
                t[1] += tokens
    if not runs:
        return None
    return {agent: Demand(totals.get(agent, [1, MEASURED[agent].tokens * runs])[0] / runs,
                          totals.get(agent, [runs, MEASURED[agent].tokens * runs])[1] / runs) for agent in MEASURED}  # fmt: skip


def groups_of(settings: Settings) -> list[Group]:
    """Every limit group the keys form, with its limits (no store is opened: nothing is leased)."""
    from pipeline.keypool.factory import keys_from_settings
    from pipeline.keypool.pool import configured_limits

    specs, _ = keys_from_settings(settings)
    seen: dict[tuple[str, str], Group] = {}
    for spec in specs:
        seen.setdefault(
            (spec.provider, spec.limit_group), Group(spec.provider, spec.limit_group, configured_limits(spec))
        )
    return list(seen.values())


def make_plan(settings: Settings, demand: dict[str, Demand], cache_hit_rate: float) -> CapacityPlan:
    chains: dict[str, list[str]] = {
        a: [str(link) for link in settings.chain(a) if link.provider != "template"]
        for a in AGENTS
        if a != "debug"
    }
    plan = plan_capacity(chains, groups_of(settings), demand, cache_hit_rate=cache_hit_rate)
    if plan.links:  # price only the links a day uses (the price library loads on first use)
        from pipeline.catalog.pricing import price

        cost = 0.0
        for use in plan.links:
            provider, model = use.link.split(":", 1)
            tokens = demand[use.agent].tokens
            use.cost_per_app = price(
                provider, model, round(tokens * INPUT_SHARE), round(tokens * (1 - INPUT_SHARE))
            ).usd
            cost += (use.cost_per_app or 0.0) * use.apps
        plan.daily_cost_usd = round(cost, 4)
    return plan


def capacity_command(argv: list[str], console: Console, parser_class: type[argparse.ArgumentParser]) -> int:
    parser = parser_class(
        prog="python -m pipeline capacity", description="What these keys can serve in a day."
    )
    parser.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    parser.add_argument(
        "--calls-per-app", type=float, metavar="N", help="model calls an app costs each agent"
    )
    parser.add_argument("--tokens-per-app", type=float, metavar="N", help="tokens an app costs each agent")
    parser.add_argument(
        "--cache-hit-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="share of requests the cache answers (0 to <1)",
    )
    parser.add_argument(
        "--simulate", action="store_true", help="play a day of requests through the real key pool"
    )
    parser.add_argument("--users", type=int, default=1000, metavar="N")
    parser.add_argument(
        "--zipf", type=float, default=1.1, metavar="S", help="how often requests repeat (Zipf exponent)"
    )
    parser.add_argument("--seed", type=int, default=7, metavar="K")
    parser.add_argument(
        "--store", default="memory", help="the key pool's store for --simulate: memory or redis://..."
    )
    ns = parser.parse_args(argv)
    settings = Settings()
    if ns.calls_per_app is not None or ns.tokens_per_app is not None:
        demand = {
            a: Demand(ns.calls_per_app or 1.0, ns.tokens_per_app or MEASURED[a].tokens) for a in MEASURED
        }
        source = "the command line"
    else:
        demand = recorded_demand(settings) or dict(MEASURED)
        source = (
            "recorded runs"
            if demand is not MEASURED and demand != MEASURED
            else "bench/tokens.py's measured todo app"
        )
    if ns.simulate:
        from pipeline.capacity.simulate import simulate_command

        code: int = simulate_command(ns, settings, demand, console)
        return code
    plan = make_plan(settings, demand, ns.cache_hit_rate)
    result: dict[str, Any] = {
        "apps_per_day": plan.apps_per_day,
        "model_apps": plan.model_apps,
        "binding": _window(plan.binding),
        "cache_hit_rate": ns.cache_hit_rate,
        "daily_cost_usd": plan.daily_cost_usd,
        "unlimited": plan.unlimited,
        "demand": {a: asdict(d) for a, d in demand.items()},
        "demand_from": source,
        "links": [
            {
                "agent": u.agent,
                "link": u.link,
                "apps_per_day": round(u.apps, 2),
                "binding": _window(u.binding),
                "cost_per_app_usd": u.cost_per_app,
            }
            for u in plan.links
        ],
    }
    if ns.json:
        console.file.write(json.dumps(result) + "\n")
        return 0
    table = Table(title=f"capacity per agent and link (an app's cost from {source})")
    for column in ("agent", "link", "apps/day", "binds", "$/app"):
        table.add_column(column)
    for link in result["links"]:
        binds = link["binding"]
        table.add_row(link["agent"].upper(), link["link"], f"{link['apps_per_day']:,.1f}",
                      f"{binds['group']} {binds['window']}" if binds else "–",
                      "unknown" if link["cost_per_app_usd"] is None else f"{link['cost_per_app_usd']:.5f}")  # fmt: skip
    console.print(table)
    if not result["links"]:
        console.print(
            "No provider keys: every app comes from the offline templates, as many as the machine makes."
        )
        return 0
    bound = result["binding"]
    console.print(
        f"{plan.apps_per_day:,} apps a day made by models ({plan.model_apps:,} asking providers, the rest from the cache at "
        f"{ns.cache_hit_rate:.0%}); "
        + (f"then {bound['provider']}/{bound['group']}'s {bound['window']} binds and " if bound else "")
        + f"the templates make the rest. Paid links cost ${plan.daily_cost_usd:,.2f} a day.",
        markup=False,
    )
    return 0


def _window(binding: str) -> dict[str, str] | None:
    if not binding:
        return None
    where, window = binding.split(" ")
    provider, group = where.split("/", 1)
    return {"provider": provider, "group": group, "window": window}
