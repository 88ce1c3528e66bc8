"""What a run is given from outside the state: settings and where chat models come from.

Passed as LangGraph's runtime context (``graph.invoke(..., context=PipelineContext(...))``);
a parent graph that embeds ours without one gets the defaults from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.agents.base import ModelSource
from pipeline.settings import Settings


@dataclass
class PipelineContext:
    settings: Settings = field(default_factory=Settings)
    models: ModelSource | None = None
    """``None``: the provider clients built from settings and the key pool."""

    def model_source(self) -> ModelSource:
        if self.models is None:
            from pipeline.providers.registry import ProviderModels

            self.models = ProviderModels(self.settings)
        return self.models
