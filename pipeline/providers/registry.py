"""Chain link → chat model, for the links that can answer now."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from pipeline.keypool.factory import pool_from_settings
from pipeline.keypool.pool import KeyPool
from pipeline.providers.chat import PoolChatModel
from pipeline.providers.errors import ProviderUnavailable
from pipeline.settings import ChainLink, Settings


class ProviderModels:
    """Builds provider clients on demand; a provider without keys is unavailable, not an error."""

    def __init__(self, settings: Settings, pool: KeyPool | None = None) -> None:
        self.settings = settings
        self.pool = pool or pool_from_settings(settings)
        self._cache: dict[ChainLink, BaseChatModel] = {}

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        if link.provider != "local" and not self.pool.has_keys(link.provider):
            raise ProviderUnavailable(
                "no keys configured",
                provider=link.provider,
                hint=f"set {link.provider.upper()}_API_KEY to use it",
            )
        if link not in self._cache:
            headers = {}
            if link.provider == "openrouter":  # OpenRouter's attribution headers
                headers = {
                    "HTTP-Referer": self.settings.openrouter_referer,
                    "X-Title": self.settings.openrouter_title,
                }
            self._cache[link] = PoolChatModel(
                provider=link.provider,
                model_name=link.model,
                base_url=self.settings.base_url(link.provider),
                pool=None if link.provider == "local" else self.pool,
                timeout_s=self.settings.request_timeout_s,
                max_attempts=self.settings.max_attempts,
                extra_headers=headers,
            )
        return self._cache[link]
