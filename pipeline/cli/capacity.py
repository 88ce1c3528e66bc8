"""``python -m pipeline capacity [--json] [--calls-per-app N --tokens-per-app N] [--cache-hit-rate R]``
and ``capacity --simulate --users N [--zipf S] [--seed K]``."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from pipeline.capacity.demand import MEASURED, make_plan, recorded_demand
from pipeline.capacity.plan import Demand
from pipeline.cli.parsing import Parser
from pipeline.settings import Settings


def capacity_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(prog="python -m pipeline capacity", description="What these keys can serve in a day.")
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
