"""What a set of keys can serve in a day: pure arithmetic over limit groups, chains and the
calls and tokens an app costs each agent.

A day is played in phases. In each phase every LLM agent uses the first link of its chain whose
provider still has room; apps are made until one window in use runs out (requests or tokens, per
minute spread over the day or per day, of one limit group). That window *binds*: the links that
used it move down their chains, and the next phase starts. When an agent has no link left, the
day's model-made apps are counted. The cache multiplies them: a hit costs no call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pipeline.keypool.limits import Limits

DAY_MINUTES = 1_440


@dataclass(frozen=True)
class Group:
    """A limit group: the keys that share one quota (a project, an organization, an account)."""

    provider: str
    name: str
    limits: Limits


@dataclass(frozen=True)
class Demand:
    """What one app costs one agent: calls and tokens."""

    calls: float
    tokens: float


@dataclass
class LinkUse:
    agent: str
    link: str
    apps: float = 0.0
    binding: str = ""
    """The window that ended this link's use (``groq/org-a tpd``), or ``""`` while it never bound."""
    cost_per_app: float | None = 0.0


@dataclass
class CapacityPlan:
    apps_per_day: float
    """Apps a day made by models, the cache's repeats included."""
    model_apps: float
    """Of those, the ones that took provider calls."""
    binding: str
    """The window that ended the day for models (``""``: none binds, the chain never runs dry)."""
    links: list[LinkUse] = field(default_factory=list)
    daily_cost_usd: float = 0.0
    unlimited: bool = False


def _room(group: Group) -> dict[str, float]:
    """Per window, the day's room; minute windows count a full day of minutes."""
    limits = group.limits
    room: dict[str, float] = {}
    for window, value, scale in (
        ("rpm", limits.rpm, DAY_MINUTES), ("rpd", limits.rpd, 1), ("tpm", limits.tpm, DAY_MINUTES), ("tpd", limits.tpd, 1),
    ):  # fmt: skip
        if value is not None:
            room[window] = float(value) * scale
    return room


def plan_capacity(
    chains: dict[str, list[str]],
    groups: list[Group],
    demand: dict[str, Demand],
    *,
    cache_hit_rate: float = 0.0,
    price_per_app: dict[str, float | None] | None = None,
    cap: float = 1e12,
) -> CapacityPlan:
    """``chains``: agent → its links (``provider:model``) in order; ``groups``: every limit group
    of every provider with keys; ``demand``: agent → what an app costs it."""
    if not 0.0 <= cache_hit_rate < 1.0:
        raise ValueError("the cache hit rate must be at least 0 and below 1")
    prices = price_per_app or {}
    room = {(g.provider, g.name): _room(g) for g in groups}
    by_provider: dict[str, list[tuple[str, str]]] = {}
    for g in groups:
        by_provider.setdefault(g.provider, []).append((g.provider, g.name))
    position = {agent: 0 for agent in chains}
    uses: dict[tuple[str, str], LinkUse] = {}
    made = 0.0
    binding = ""
    cost = 0.0
    while True:
        current: dict[str, str] = {}
        for agent, links in chains.items():
            while position[agent] < len(links) and not _has_room(links[position[agent]], by_provider, room):
                position[agent] += 1
            if position[agent] >= len(links):
                return _finish(made, binding, uses, cost, cache_hit_rate)
            current[agent] = links[position[agent]]
        # every window in use, with what one app takes from it
        takes: dict[tuple[str, str, str], float] = {}
        for agent, link in current.items():
            provider = link.split(":", 1)[0]
            # the same test as _has_room: a group with no known limits (no windows) has room
            groups_of = [key for key in by_provider.get(provider, []) if _room_in(room[key])]
            share = 1.0 / len(groups_of)  # the pool spreads an agent's calls over the groups with room
            for key in groups_of:
                for window, need in (("rpm", demand[agent].calls), ("rpd", demand[agent].calls),
                                     ("tpm", demand[agent].tokens), ("tpd", demand[agent].tokens)):  # fmt: skip
                    if window in room[key]:
                        takes[(*key, window)] = takes.get((*key, window), 0.0) + need * share
        if not takes:  # every link in use is unlimited (a local server, a paid key without limits)
            for agent, link in current.items():
                use = uses.setdefault((agent, link), LinkUse(agent, link, cost_per_app=prices.get(link)))
                use.apps += cap
            return _finish(made + cap, "", uses, cost, cache_hit_rate, unlimited=True)
        n, tightest = min(
            (room[(prov, grp)][w] / need, f"{prov}/{grp} {w}")
            for (prov, grp, w), need in takes.items()
            if need > 0
        )
        n = max(0.0, n)
        for (prov, grp, w), need in takes.items():
            room[(prov, grp)][w] -= need * n
        room_key = tightest.split(" ")[0].split("/", 1)
        room[(room_key[0], room_key[1])][tightest.split(" ")[1]] = 0.0
        for agent, link in current.items():
            use = uses.setdefault((agent, link), LinkUse(agent, link, cost_per_app=prices.get(link)))
            use.apps += n
            if link.startswith(room_key[0] + ":"):
                use.binding = tightest
            if use.cost_per_app is not None:
                cost += use.cost_per_app * n
        made += n
        binding = tightest


def _has_room(
    link: str, by_provider: dict[str, list[tuple[str, str]]], room: dict[tuple[str, str], dict[str, float]]
) -> bool:
    provider = link.split(":", 1)[0]
    if provider == "template":
        return False
    if provider == "local":
        return True
    return any(_room_in(room[key]) for key in by_provider.get(provider, []))


def _room_in(windows: dict[str, float]) -> bool:
    return all(v > 1e-9 for v in windows.values())


def _finish(
    made: float, binding: str, uses: dict[tuple[str, str], LinkUse], cost: float, hit_rate: float,
    *, unlimited: bool = False,
) -> CapacityPlan:  # fmt: skip
    apps = made / (1.0 - hit_rate)
    return CapacityPlan(
        apps_per_day=math.floor(apps + 1e-9), model_apps=math.floor(made + 1e-9), binding=binding,
        links=list(uses.values()), daily_cost_usd=round(cost, 4), unlimited=unlimited,
    )  # fmt: skip
