"""The model catalog: what each provider's models can take, cost, and whether they still exist.

The data lives in ``models.toml`` beside this module (one row per provider and model, each with
its source and the day it was read). Everything here is pure lookups over that file; the
live check against providers' model lists is ``providers.live_models``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

LimitScope = Literal["key", "project", "organization", "account"]


@dataclass(frozen=True)
class ModelInfo:
    """One row of the catalog."""

    provider: str
    model: str
    context: int = 8_192
    """Context window in tokens: prompt and answer together."""
    max_output: int = 4_096
    """The most tokens one answer may hold."""
    rpm: int | None = None
    rpd: int | None = None
    tpm: int | None = None
    tpd: int | None = None
    limit_scope: LimitScope = "key"
    """Who the free-tier limits count against."""
    price_in: float | None = None
    """USD per 1M input tokens."""
    price_out: float | None = None
    """USD per 1M output tokens."""
    json_mode: bool = False
    code: bool = True
    retired: str | None = None
    """ISO date the provider stopped serving the model."""
    replacement: str | None = None
    source: str = ""
    checked: str = ""
    known: bool = True
    """False for a model the catalog has no row for (defaults from its provider)."""

    def is_retired(self, today: date | None = None) -> bool:
        if not self.retired:
            return False
        return date.fromisoformat(self.retired) <= (today or date.today())


@dataclass(frozen=True)
class ProviderInfo:
    """A provider's table: its day boundary, default model and stream timeouts."""

    name: str
    reset_zone: str = "UTC"
    limit_scope: LimitScope = "key"
    default_model: str = ""
    first_token_timeout_s: float = 120.0
    """How long a stream may take to send its first token (a CPU server reads the prompt first)."""
    idle_timeout_s: float = 60.0
    """How long a started stream may go quiet between two chunks."""
    context: int = 8_192
    max_output: int = 4_096


@dataclass(frozen=True)
class Catalog:
    providers: dict[str, ProviderInfo]
    models: dict[tuple[str, str], ModelInfo]

    def provider(self, name: str) -> ProviderInfo:
        return self.providers.get(name) or ProviderInfo(name)

    def model(self, provider: str, model: str) -> ModelInfo:
        """The row for ``provider:model``, or a row of the provider's defaults marked unknown."""
        found = self.models.get((provider, model))
        if found is not None:
            return found
        p = self.provider(provider)
        return ModelInfo(
            provider,
            model,
            context=p.context,
            max_output=p.max_output,
            limit_scope=p.limit_scope,
            known=False,
        )

    def default_limits(self, provider: str) -> tuple[int | None, int | None, int | None, int | None]:
        """(rpm, rpd, tpm, tpd) of the provider's default model: the key pool's defaults."""
        p = self.provider(provider)
        row = self.models.get((provider, p.default_model))
        if row is None:
            return (None, None, None, None)
        return (row.rpm, row.rpd, row.tpm, row.tpd)

    def rows(self, provider: str | None = None) -> list[ModelInfo]:
        return [m for m in self.models.values() if provider is None or m.provider == provider]


def parse_catalog(data: dict[str, Any]) -> Catalog:
    """The TOML document → a Catalog; unknown fields are a mistake worth failing on."""
    providers = {
        name: ProviderInfo(name=name, **{k: v for k, v in table.items()})
        for name, table in data.get("providers", {}).items()
    }
    models: dict[tuple[str, str], ModelInfo] = {}
    for row in data.get("models", []):
        info = ModelInfo(**row)
        models[(info.provider, info.model)] = info
    return Catalog(providers, models)


@cache
def load_catalog() -> Catalog:
    text = (resources.files("pipeline.catalog") / "models.toml").read_text(encoding="utf-8")
    return parse_catalog(tomllib.loads(text))


__all__ = ["Catalog", "LimitScope", "ModelInfo", "ProviderInfo", "load_catalog", "parse_catalog"]
