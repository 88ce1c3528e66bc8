"""A chat model that answers from a script, for tests that drive the LLM path.

Like simonw/llm's MockModel: the test enqueues answers; every call pops one and the
prompts received are kept for assertions. Answers may be strings or exceptions.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from pipeline.agents.types import FixedModels
from pipeline.providers.errors import ProviderUnavailable
from pipeline.settings import ChainLink


class ScriptedChat(BaseChatModel):
    name_: str = "scripted"
    _answers: deque[Any] = PrivateAttr(default_factory=deque)
    _seen: list[list[BaseMessage]] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def enqueue(self, *answers: Any) -> ScriptedChat:
        self._answers.extend(answers)
        return self

    @property
    def seen(self) -> list[list[BaseMessage]]:
        return self._seen

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._seen.append(list(messages))
        answer = self._answer_to(messages)
        message = AIMessage(
            content=answer,
            usage_metadata=self._usage(messages, answer),
            response_metadata={"key_fingerprint": "test...00000000"},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _answer_to(self, messages: list[BaseMessage]) -> str:
        """The call's answer: the script's next (an exception in the script is raised). A model
        that answers otherwise (``tests.capable.model.CapableChat``) overrides this alone."""
        if not self._answers:
            raise AssertionError("the script ran out of answers")
        answer = self._answers.popleft()
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    def _usage(self, messages: list[BaseMessage], answer: str) -> UsageMetadata:
        return {"input_tokens": 100, "output_tokens": 50, "total_tokens": 150}

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._generate(messages, stop)


class ScriptedModels(FixedModels):
    """A ModelSource: one scripted model per agent name; other links are unavailable."""

    def __init__(self, **by_agent: ScriptedChat) -> None:
        self.by_agent = by_agent

    def chat_model(self, link: ChainLink) -> BaseChatModel:
        model = self.by_agent.get(link.model)
        if model is None:
            raise ProviderUnavailable("not scripted", provider=link.provider)
        return model


async def run_scripted(
    prompt: str, chats: dict[str, ScriptedChat], **settings: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The graph run on these scripted agents (each on ``local:<agent>``): its final state and
    every custom event it emitted."""
    from pipeline import PipelineContext, Settings, build_graph

    config = Settings(**{f"agent_{a}": f"local:{a}" for a in chats}, **settings)
    events: list[dict[str, Any]] = []
    final: dict[str, Any] = {}
    async for mode, chunk in build_graph().astream(
        {"prompt": prompt},
        context=PipelineContext(settings=config, models=ScriptedModels(**chats)),
        stream_mode=["custom", "values"],
    ):
        if mode == "custom":
            events.append(chunk)
        else:
            final = chunk
    return final, events
