"""What a run is given from outside the state: settings and where chat models come from.

Passed as LangGraph's runtime context (``graph.invoke(..., context=PipelineContext(...))``);
a parent graph that embeds ours without one gets the defaults from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.agents.types import ModelSource
from pipeline.cache import CacheStore, open_cache
from pipeline.settings import Settings


@dataclass
class PipelineContext:
    settings: Settings = field(default_factory=Settings)
    models: ModelSource | None = None
    """Built at the edge (``runner.edge_models``, the service's worker) and handed in. ``None``
    only when a parent graph embeds ours without a context: then the provider clients are
    built from the environment's settings on first use."""

    cache: CacheStore | None = None
    """``None``: the store the settings name (SQLite in the data folder, or Redis)."""

    def cache_store(self) -> CacheStore | None:
        if not self.settings.cache:
            return None
        if self.cache is None:
            self.cache = open_cache(self.settings.cache_store_url())
        return self.cache

    def model_source(self) -> ModelSource:
        if self.models is None:
            from pipeline.providers.registry import ProviderModels

            self.models = ProviderModels(self.settings)
        return self.models
