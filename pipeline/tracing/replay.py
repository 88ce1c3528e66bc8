"""Re-running a graph from the LLM answers a run recorded, without calling any provider."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from pipeline.agents.types import FixedModels
from pipeline.artifacts import AGENTS
from pipeline.providers.errors import ProviderUnavailable
from pipeline.settings import ChainLink, Settings


class RecordedChat(BaseChatModel):
    """Answers with one agent's recorded answers, in their order."""

    agent: str
    _answers: deque[str] = PrivateAttr(default_factory=deque)

    @property
    def _llm_type(self) -> str:
        return "pipeline-replay"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if not self._answers:
            raise ProviderUnavailable(
                f"the recording has no more answers for {self.agent}", provider="replay"
            )
        message = AIMessage(content=self._answers.popleft(), response_metadata={"key_fingerprint": "replay"})
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._generate(messages, stop)


class ReplayModels(FixedModels):
    """A ModelSource over recorded exchanges: chain link ``local:<agent>`` → that agent's answers."""

    def __init__(self, exchanges: list[dict[str, Any]]) -> None:
        answers: dict[str, list[str]] = defaultdict(list)
        for exchange in exchanges:
            answers[str(exchange["agent"])].append(str(exchange["answer"]))
        self.models: dict[str, RecordedChat] = {}
        for agent, recorded in answers.items():
            model = RecordedChat(agent=agent)
            model._answers.extend(recorded)
            self.models[agent] = model

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        model = self.models.get(link.model)
        if model is None:
            raise ProviderUnavailable("nothing recorded", provider="replay")
        return model

    def settings(self, base: Settings) -> Settings:
        """Chains that ask the recording where it has answers and the templates elsewhere."""
        chains: dict[str, object] = {
            f"agent_{a}": (f"local:{a}" if a in self.models else "template") for a in AGENTS
        }
        # A replay exists to run the parsers on the recorded answers again: never from the cache.
        # Each recorded answer is already joined from its continuations: never ask for more.
        return base.model_copy(update={**chains, "cache": False, "continuations": 0})
