"""The agents' types: what an agent is given (a model source, a budget, an event sink) and what
it gives back (an artifact with its report)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from langchain_core.language_models import BaseChatModel

from pipeline.artifacts import AgentReport, Dropped
from pipeline.settings import ChainLink

if TYPE_CHECKING:
    from pipeline.cache import CacheStore
    from pipeline.catalog import ModelInfo
    from pipeline.events import Event
    from pipeline.providers.errors import ModelRetired
    from pipeline.settings import Settings

T = TypeVar("T")
Emit = Callable[["Event"], None]


class ModelSource(Protocol):
    """Where an agent's chat models come from, and what it must know about each chain link.
    ``providers.registry.ProviderModels`` is the real one; :class:`FixedModels` gives the
    defaults for sources that only have models (scripted tests, replays)."""

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        """The model for a link, or ``ProviderUnavailable``."""
        ...

    def info(self, link: ChainLink) -> ModelInfo | None:
        """The catalog's sizes and abilities of the link's model; None: unknown (defaults apply)."""
        ...

    async def usable(self, link: ChainLink) -> tuple[ChainLink, str | None]:
        """The link to ask (``openrouter:free`` resolved), and why to skip it instead, if so."""
        ...

    async def model_gone(self, link: ChainLink, exc: ModelRetired) -> str:
        """The provider said the model is gone: remember it, and say so in one sentence."""
        ...

    async def allow_spend(self, link: ChainLink, worst_usd: float) -> str | None:
        """Reserve a paid call's worst case against the daily budget; why not, if refused."""
        ...

    async def settle_spend(self, link: ChainLink, reserved_usd: float, actual_usd: float) -> None:
        """Replace a reservation with what the calls really cost."""
        ...


class FixedModels:
    """A model source's defaults: every link usable, sizes unknown, no daily budget. Subclasses
    give ``chat_model``."""

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        raise NotImplementedError

    def info(self, link: ChainLink) -> ModelInfo | None:
        return None

    async def usable(self, link: ChainLink) -> tuple[ChainLink, str | None]:
        return link, None

    async def model_gone(self, link: ChainLink, exc: ModelRetired) -> str:
        return exc.message

    async def allow_spend(self, link: ChainLink, worst_usd: float) -> str | None:
        return None

    async def settle_spend(self, link: ChainLink, reserved_usd: float, actual_usd: float) -> None:
        return None


@dataclass(frozen=True)
class CallSpec:
    """How an agent's calls are shaped."""

    max_output: int = 2_000
    """The answer size the agent wants; the model's limits may lower it."""
    min_output: int = 256
    """Below this the answer cannot be useful: the link is skipped as too small."""
    json_mode: bool = False
    """Ask for the provider's JSON mode where the catalog says the model has one."""
    incomplete: Callable[[str], bool] | None = None
    """Whether an answer that finished normally is still cut (ends inside an open block)."""
    join: Callable[[str, str], str] | None = None
    """How a continuation is joined to the answer so far (plain concatenation without it)."""
    progress: Callable[[str], dict[str, Any]] | None = None
    """Extra fields for the live ``streaming`` event (files done so far)."""


@dataclass
class Budget:
    """What a run may still spend on LLM calls: tokens and dollars (``None``: no limit)."""

    limit: int | None = None
    used: int = 0
    cost_limit: float | None = None
    cost_used: float = 0.0

    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    def over_cost(self, worst_case: float | None) -> bool:
        """A call that could cost ``worst_case`` USD would take the run over its cost budget
        (a call whose price is unknown counts as over: it cannot be bounded)."""
        if self.cost_limit is None:
            return False
        return worst_case is None or self.cost_used + worst_case > self.cost_limit


@dataclass
class AgentResult(Generic[T]):
    artifact: T
    report: AgentReport
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    """Parts of the request the agent left out (the offline path says which)."""
    dropped: list[Dropped] = field(default_factory=list)
    """Work the agent's model wrote that could not be kept (an edit that never applied), each
    with its file and reason."""


@dataclass
class StepContext:
    """What one agent step is given, in one place: the run's settings, where its models come
    from, what it may still spend, where its events go, its cache, and which fix round it is."""

    settings: Settings
    models: ModelSource
    budget: Budget
    emit: Emit
    cache: CacheStore | None = None
    round: int = 0
