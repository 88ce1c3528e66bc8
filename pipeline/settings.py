"""Settings from the environment (``PIPELINE_*``) and ``.env``.

Each agent has a provider chain, ``PIPELINE_AGENT_CORE="deepseek:deepseek-v4-flash,openrouter:free"``;
the offline template path is always the last link unless ``PIPELINE_TEMPLATE_FALLBACK=false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigError
from pipeline.names import AgentName

PROVIDERS = ("gemini", "groq", "deepseek", "openrouter", "local")
ValidateLevel = Literal["static", "run", "full"]

# Current models only (see catalog/models.toml, checked 2026-11-30); `openrouter:free` is
# resolved from OpenRouter's live list at run time, so the backup never names a retired model.
DEFAULT_CHAINS: dict[AgentName, str] = {
    "core": "deepseek:deepseek-v4-flash,openrouter:free",
    "arch": "deepseek:deepseek-v4-flash,openrouter:free",
    "backend": "groq:openai/gpt-oss-120b,openrouter:free",
    "uix": "gemini:gemini-3.5-flash,openrouter:free",
    "debug": "groq:openai/gpt-oss-120b,openrouter:free",
}


@dataclass(frozen=True)
class ChainLink:
    """One provider/model pair of an agent's chain."""

    provider: str
    model: str

    def __str__(self) -> str:
        return f"{self.provider}:{self.model}"


def parse_chain(text: str, *, agent: str = "?") -> list[ChainLink]:
    """``"groq:openai/gpt-oss-120b,openrouter:x/y:free"`` → links; the model may itself hold colons."""
    links: list[ChainLink] = []
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        if item == "template":
            links.append(ChainLink("template", "offline"))
            continue
        provider, sep, model = item.partition(":")
        provider = provider.strip().lower()
        if not sep or not model.strip():
            raise ConfigError(
                f"agent {agent}: chain entry {item!r} has no model",
                hint="write provider:model, for example groq:openai/gpt-oss-120b",
            )
        if provider not in PROVIDERS:
            raise ConfigError(
                f"agent {agent}: unknown provider {provider!r} in chain",
                hint=f"use one of {', '.join(PROVIDERS)} or 'template'",
            )
        links.append(ChainLink(provider, model.strip()))
    return links


class Settings(BaseSettings):
    """All knobs, read from ``PIPELINE_*`` environment variables and ``.env``."""

    model_config = SettingsConfigDict(env_prefix="PIPELINE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path(".pipeline"), description="runs, checkpoints, key usage, cache")
    out_dir: Path = Field(default=Path("out"), description="where projects are written")
    max_fix_rounds: int = Field(default=2, ge=0, le=10)
    validate_level: ValidateLevel = "static"
    project_history: bool = True
    """Make the written project a git repository with a commit per generation (the base of
    ``edit``'s three-way merge). The service turns it off for its jobs: their folders are
    archived and deleted, and git's processes were a third of a job's CPU."""
    max_prompt_chars: int = Field(default=8000, ge=10)
    max_file_bytes: int = 1_000_000
    max_project_bytes: int = 20_000_000
    max_files: int = 2000
    max_tokens: int | None = Field(default=None, description="token budget per run; None for no limit")
    max_cost_usd: float | None = Field(
        default=None, ge=0, description="USD a run may spend on model calls; then the templates answer"
    )
    template_fallback: bool = True
    request_timeout_s: float = 120.0
    first_token_timeout_s: dict[str, float] = Field(
        default_factory=dict,
        description='per provider, JSON: {"local": 900}; default from the model catalog',
    )
    idle_timeout_s: dict[str, float] = Field(
        default_factory=dict, description="per provider, seconds a started stream may go quiet"
    )
    local_context: int | None = Field(default=None, description="the local server's context window (n_ctx)")
    local_max_output: int | None = Field(
        default=None, description="the most tokens one local answer may hold"
    )
    continuations: int = Field(default=2, ge=0, le=5, description="times a cut answer is continued")
    max_attempts: int = Field(default=4, ge=1, description="provider calls per agent before falling back")
    parse_retries: int = Field(default=1, ge=0, description="re-asks after an unparseable answer")

    agent_core: str = DEFAULT_CHAINS["core"]
    agent_arch: str = DEFAULT_CHAINS["arch"]
    agent_backend: str = DEFAULT_CHAINS["backend"]
    agent_uix: str = DEFAULT_CHAINS["uix"]
    agent_debug: str = DEFAULT_CHAINS["debug"]

    gemini_base_url: str = "https://generativelanguage.googleapis.com/v1beta"
    groq_base_url: str = "https://api.groq.com/openai/v1"
    deepseek_base_url: str = "https://api.deepseek.com"
    openrouter_base_url: str = "https://openrouter.ai/api/v1"
    local_base_url: str = "http://127.0.0.1:11434/v1"
    openrouter_referer: str = Field(
        default="", description="your app's address for OpenRouter's attribution header (sent only when set)"
    )
    openrouter_title: str = "pipeline"

    cache: bool = Field(
        default=True, description="reuse agent answers for identical inputs (--no-cache turns it off)"
    )
    cache_store: str = Field(
        default="",
        description="memory, sqlite:///path or redis://...; '' = Redis when configured, else sqlite in data_dir",
    )
    cache_ttl_s: float = 86_400.0
    otel: bool = Field(
        default=False, description="export spans through OpenTelemetry's global tracer provider"
    )
    keys_file: Path | None = None
    key_store: str = Field(
        default="", description="memory, sqlite:///path or redis://...; '' = sqlite in data_dir"
    )
    redis_url: str | None = None
    postgres_url: str | None = None

    def chain(self, agent: AgentName) -> list[ChainLink]:
        links = parse_chain(getattr(self, f"agent_{agent}"), agent=agent)
        if self.template_fallback and not any(link.provider == "template" for link in links):
            links.append(ChainLink("template", "offline"))
        return links

    def key_store_url(self) -> str:
        """Where key usage lives: the explicit setting, else Redis when configured, else SQLite in data_dir."""
        if self.key_store:
            return self.key_store
        if self.redis_url:
            return self.redis_url
        return f"sqlite:///{self.data_dir / 'usage.db'}"

    def cache_store_url(self) -> str:
        if self.cache_store:
            return self.cache_store
        if self.redis_url:
            return self.redis_url
        return f"sqlite:///{self.data_dir / 'cache.db'}"

    def base_url(self, provider: str) -> str:
        url: str = getattr(self, f"{provider}_base_url")
        return url.rstrip("/")
