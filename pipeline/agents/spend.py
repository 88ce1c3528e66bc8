"""What a call may cost: the run's cost cap and the service's daily budget, checked on the
call's worst case before it is made and settled with its real price after; and the usage of a step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.agents.types import Budget, Emit, ModelSource
from pipeline.artifacts import AgentName
from pipeline.catalog.pricing import price
from pipeline.settings import ChainLink


async def spend_refused(
    agent: AgentName, link: ChainLink, prompt_tokens: int, max_tokens: int, budget: Budget,
    models: ModelSource, emit: Emit, round_: int,
) -> tuple[str | None, float]:  # fmt: skip
    """Why a paid call may not be made (the run's cost cap, the service's daily budget), and what
    was reserved against the daily budget. Both use the call's worst case: the whole prompt and
    the whole answer limit."""
    worst = price(link.provider, link.model, prompt_tokens, max_tokens).usd
    if budget.over_cost(worst):
        emit({"event": "cost_budget", "agent": agent, "round": round_, "link": str(link),
              "spent_usd": round(budget.cost_used, 6), "limit_usd": budget.cost_limit})  # fmt: skip
        return f"{link}: the run's cost budget of ${budget.cost_limit:g} would be exceeded", 0.0
    if not worst:
        return None, 0.0
    refused = await models.allow_spend(link, worst)
    return refused, (0.0 if refused else worst)


async def settle(models: ModelSource, link: ChainLink, reserved: float, actual_usd: float) -> None:
    """Replace a daily-budget reservation with what the link's calls really cost."""
    if reserved:
        await models.settle_spend(link, reserved, actual_usd)


@dataclass
class Usage:
    """Tokens, calls and cost of one agent step, the failed and fallen-back calls too."""

    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0
    continuations: int = 0
    estimated: bool = False
    cost_usd: float | None = 0.0
    """None once a call's price is unknown."""

    def report_fields(self) -> dict[str, Any]:
        """The step's usage as its AgentReport counts it."""
        return {
            "tokens_in": self.tokens_in, "tokens_out": self.tokens_out, "tokens_estimated": self.estimated,
            "calls": self.calls, "continuations": self.continuations, "cost_usd": self.cost_usd,
        }  # fmt: skip

    def priced(self, link: ChainLink, tokens_in: int, tokens_out: int, cached_in: int = 0) -> float | None:
        cost = price(link.provider, link.model, tokens_in, tokens_out, cached_in).usd
        self.cost_usd = None if cost is None or self.cost_usd is None else round(self.cost_usd + cost, 8)
        return cost
