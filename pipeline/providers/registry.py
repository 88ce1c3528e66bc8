"""Chain link → chat model, for the links that can answer now."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from pipeline.keypool.factory import pool_from_settings
from pipeline.keypool.pool import KeyPool
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
        raise ProviderUnavailable("this build has no HTTP client for it yet", provider=link.provider)
