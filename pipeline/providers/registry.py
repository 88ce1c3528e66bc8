"""Chain link → chat model, for the links that can answer now.

Before a link is asked, ``usable`` says whether it may be: a model the catalog lists as retired,
or that a provider answered as gone in the last 24 hours (remembered in the usage store, so
every agent and process skips it), is not asked again. ``openrouter:free`` resolves to a free,
code-capable model from OpenRouter's live list.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from langchain_core.language_models import BaseChatModel

from pipeline.catalog import ModelInfo, load_catalog
from pipeline.keypool.factory import pool_from_settings
from pipeline.keypool.pool import KeyPool
from pipeline.providers.errors import ModelRetired, ProviderError, ProviderUnavailable
from pipeline.settings import ChainLink, Settings

if TYPE_CHECKING:
    import httpx

UNLIMITED_USD = 1e15
"""The budget of a service that set none: reservations still count the day's spend."""
RETIRED_FOR_S = 86_400.0


class SpendLedger(Protocol):
    """Today's spend, shared by every worker (``server.daily``)."""

    async def reserve(self, provider: str, usd: float, budget: float) -> bool: ...

    async def settle(self, provider: str, delta: float) -> None: ...


FREE_LIST_TTL_S = 3_600.0

# openrouter:free → (resolved model, when): one look at the live list an hour per process.
_free_choice: dict[str, tuple[str, float]] = {}


class ProviderModels:
    """Builds provider clients on demand; a provider without keys is unavailable, not an error."""

    def __init__(
        self, settings: Settings, pool: KeyPool | None = None, spend: SpendLedger | None = None,
        daily_budget_usd: float | None = None, transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:  # fmt: skip
        self.settings = settings
        self.transport = transport
        """Every model's transport: None for the network, a MockTransport in tests."""
        self.pool = pool or pool_from_settings(settings)
        self.spend = spend
        self.daily_budget_usd = daily_budget_usd
        self._cache: dict[ChainLink, BaseChatModel] = {}
        self._gone: dict[ChainLink, str] = {}

    def info(self, link: ChainLink) -> ModelInfo:
        """The catalog's row for the link, with the local server's size from the settings."""
        info = load_catalog().model(link.provider, link.model)
        if link.provider == "local":
            info = replace(
                info,
                context=self.settings.local_context or info.context,
                max_output=self.settings.local_max_output or info.max_output,
            )
        return info

    async def usable(self, link: ChainLink) -> tuple[ChainLink, str | None]:
        """The link to ask (``openrouter:free`` resolved) and, when it must be skipped, why."""
        if link.provider != "local" and not self.pool.has_keys(link.provider):
            return (
                link,
                f"{link.provider}: no keys configured",
            )
        if link.provider == "openrouter" and link.model == "free":
            resolved, why = await self._resolve_free()
            if resolved is None:
                return link, why
            link = ChainLink("openrouter", resolved)
        if link in self._gone:
            return link, self._gone[link]
        info = load_catalog().model(link.provider, link.model)
        if info.is_retired():
            return link, _retired_message(link, f"retired on {info.retired}", info.replacement)
        noted = await self.pool.retired_model(link.provider, link.model)
        if noted:
            return link, _retired_message(link, noted, info.replacement)
        return link, None

    async def allow_spend(self, link: ChainLink, worst_usd: float) -> str | None:
        """Reserve a paid call's worst-case price against the service's daily budget (shared by
        every worker through Redis); the reason when the day's budget cannot take it."""
        if self.spend is None or worst_usd <= 0:
            return None
        # without a budget the reservation is still taken (and settled), so today's spend is
        # exact from the first call: a budget set later starts from the truth
        budget = self.daily_budget_usd if self.daily_budget_usd is not None else UNLIMITED_USD
        if await self.spend.reserve(link.provider, worst_usd, budget):
            return None
        return f"{link}: the service's daily budget of ${self.daily_budget_usd:g} is spent; free links and templates answer"

    async def settle_spend(self, link: ChainLink, reserved_usd: float, actual_usd: float) -> None:
        """Replace a reservation (``allow_spend``) with what the link's calls really cost."""
        if self.spend is not None:
            await self.spend.settle(link.provider, actual_usd - reserved_usd)

    async def model_gone(self, link: ChainLink, exc: ModelRetired) -> str:
        """The provider said the model is gone: skip it for every agent for 24 h. Returns the message."""
        replacement = load_catalog().model(link.provider, link.model).replacement
        reason = f"answered as gone on {time.strftime('%Y-%m-%d')} ({exc.status})"
        await self.pool.note_retired_model(link.provider, link.model, reason, RETIRED_FOR_S)
        message = _retired_message(link, reason, replacement)
        self._gone[link] = message
        return message

    async def _resolve_free(self) -> tuple[str | None, str]:
        cached = _free_choice.get(self.settings.base_url("openrouter"))
        if cached and time.time() - cached[1] < FREE_LIST_TTL_S:
            return cached[0], ""
        borrowed = self.pool.listing_key("openrouter")
        if borrowed is None:
            return None, "openrouter: no keys configured"
        try:
            from pipeline.providers.live_models import list_models, pick_free_model

            models = await list_models(
                "openrouter", self.settings.base_url("openrouter"), borrowed[0], fingerprint=borrowed[1]
            )
        except ProviderError as exc:
            return None, f"openrouter:free could not be resolved: {exc.message}"
        chosen = pick_free_model(models)
        if chosen is None:
            return None, "openrouter:free: no free code model in OpenRouter's live list"
        _free_choice[self.settings.base_url("openrouter")] = (chosen, time.time())
        return chosen, ""

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        if link.provider != "local" and not self.pool.has_keys(link.provider):
            raise ProviderUnavailable(
                "no keys configured",
                provider=link.provider,
                hint=f"set {link.provider.upper()}_API_KEY to use it",
            )
        if link not in self._cache:
            headers = {}
            if link.provider == "openrouter":  # OpenRouter's optional attribution headers
                headers = {"X-Title": self.settings.openrouter_title}
                if self.settings.openrouter_referer:
                    headers["HTTP-Referer"] = self.settings.openrouter_referer
            provider = load_catalog().provider(link.provider)
            from pipeline.providers.chat import PoolChatModel  # the wire code, only once a model is asked

            self._cache[link] = PoolChatModel(
                provider=link.provider,
                model_name=link.model,
                base_url=self.settings.base_url(link.provider),
                pool=None if link.provider == "local" else self.pool,
                timeout_s=self.settings.request_timeout_s,
                first_token_timeout_s=self.settings.first_token_timeout_s.get(
                    link.provider, provider.first_token_timeout_s
                ),
                idle_timeout_s=self.settings.idle_timeout_s.get(link.provider, provider.idle_timeout_s),
                max_attempts=self.settings.max_attempts,
                extra_headers=headers,
                transport=self.transport,
            )
        return self._cache[link]


def _retired_message(link: ChainLink, why: str, replacement: str | None) -> str:
    hint = (
        f"; use {link.provider}:{replacement} instead" if replacement else "; see `python -m pipeline models`"
    )
    return f"{link}: model retired ({why}){hint}"
