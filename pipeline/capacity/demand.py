"""What an app asks of each agent (from recorded runs, or measured), and the plan for this
machine's keys: the planner's inputs gathered from settings, the run store and the catalog."""

from __future__ import annotations

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
