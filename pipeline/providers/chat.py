"""``PoolChatModel``: a LangChain chat model over httpx that holds a key-pool lease per call.

One class for every provider; the wire format (``openai_wire`` or ``gemini_wire``) is the
only difference. A call tries up to ``max_attempts`` keys: a rate-limited or rejected key is
reported to the pool (which cools or retires it) and the next lease goes to a key with room;
5xx and timeouts back off with jitter. When no key has room the call raises
``ProviderUnavailable`` and the router moves on to the next provider.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, SystemMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field

from pipeline._sync import run_sync
from pipeline.keypool.pool import KeyPool, NoCapacity
from pipeline.providers import errors as e
from pipeline.providers import gemini_wire, openai_wire
from pipeline.providers.openai_wire import Answer


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


def _text(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else json.dumps(message.content)


async def _back_off(exc: e.ProviderError, attempt: int) -> None:
    """Jittered exponential pause after a failure of the provider itself. Rate limits need
    none: the pool has cooled that key's group until the provider's time."""
    if isinstance(exc, e.ProviderDown | e.MalformedResponse):
        await asyncio.sleep(random.uniform(0, min(4.0, 0.25 * 2**attempt)))


class PoolChatModel(BaseChatModel):
    """A provider's chat endpoint, called with keys leased from a :class:`KeyPool`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    provider: str
    model_name: str
    base_url: str
    pool: KeyPool | None = Field(default=None, exclude=True)
    """``None`` only for keyless local servers."""
    json_mode: bool = True
    temperature: float = 0.2
    max_tokens: int | None = None
    timeout_s: float = 120.0
    max_attempts: int = 4
    wait_for_capacity_s: float = 20.0
    """How long a call may wait for a key to have room (never sooner than the window allows)."""
    extra_headers: dict[str, str] = Field(default_factory=dict)

    @property
    def _llm_type(self) -> str:
        return f"pipeline-{self.provider}"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model_name, "base_url": self.base_url}

    # --- the request --------------------------------------------------------------------

    def _build(
        self, key: str | None, messages: list[BaseMessage], stream: bool
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        if self.provider == "gemini":
            system = "\n\n".join(_text(m) for m in messages if isinstance(m, SystemMessage))
            rest = [
                {"role": _role(m), "content": _text(m)} for m in messages if not isinstance(m, SystemMessage)
            ]
            return gemini_wire.build_request(
                self.base_url, key or "", self.model_name, system, rest,
                json_mode=self.json_mode, stream=stream, max_tokens=self.max_tokens, temperature=self.temperature,
            )  # fmt: skip
        return openai_wire.build_request(
            self.base_url, key, self.model_name, [{"role": _role(m), "content": _text(m)} for m in messages],
            json_mode=self.json_mode, stream=stream, max_tokens=self.max_tokens, temperature=self.temperature,
            extra_headers=self.extra_headers,
        )  # fmt: skip

    def _parse(self, status: int, headers: httpx.Headers, raw: str, fingerprint: str) -> Answer:
        if self.provider == "gemini":
            return gemini_wire.parse_response(
                status, headers, raw, provider=self.provider, fingerprint=fingerprint
            )
        return openai_wire.parse_response(
            status, headers, raw, provider=self.provider, fingerprint=fingerprint
        )

    def _timeout(self) -> httpx.Timeout:
        # The read timeout is per chunk: DeepSeek's keep-alive blank lines keep a slow answer alive.
        return httpx.Timeout(self.timeout_s, connect=10.0)

    async def _post(self, key: str | None, fingerprint: str, messages: list[BaseMessage]) -> Answer:
        url, headers, body = self._build(key, messages, stream=False)
        try:
            async with httpx.AsyncClient(timeout=self._timeout()) as client:
                response = await asyncio.wait_for(
                    client.post(url, headers=headers, json=body), self.timeout_s
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise e.ProviderDown(
                f"no answer within {self.timeout_s:.0f} s", provider=self.provider, fingerprint=fingerprint
            ) from exc
        except httpx.TransportError as exc:
            raise e.ProviderDown(
                f"connection failed ({type(exc).__name__})", provider=self.provider, fingerprint=fingerprint
            ) from exc
        try:
            raw = response.text
        except UnicodeDecodeError as exc:
            raise e.MalformedResponse(
                "the body is not text", provider=self.provider, fingerprint=fingerprint
            ) from exc
        return self._parse(response.status_code, response.headers, raw, fingerprint)

    def _unavailable(self, exc: NoCapacity, last: e.ProviderError | None) -> e.ProviderUnavailable:
        """No key has room: say so, with what the last key answered."""
        message = exc.message if last is None else f"{exc.message}, after {last.kind}: {last.message}"
        return e.ProviderUnavailable(
            message, provider=self.provider, retry_after=exc.retry_after, hint=exc.hint
        )

    def _estimate(self, messages: list[BaseMessage]) -> int:
        return sum(len(_text(m)) for m in messages) // 4 + (self.max_tokens or 1024)

    # --- attempts over keys ---------------------------------------------------------------

    async def _with_keys(self, messages: list[BaseMessage]) -> tuple[Answer, str, int]:
        if self.pool is None:
            return await self._post(None, "", messages), "", 1
        last: e.ProviderError | None = None
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with self.pool.lease(
                    self.provider,
                    model=self.model_name,
                    estimated_tokens=self._estimate(messages),
                    timeout=self.wait_for_capacity_s,
                ) as lease:
                    answer = await self._post(lease.key, lease.fingerprint, messages)
                    lease.report(tokens=answer.input_tokens + answer.output_tokens, limits=answer.limits)
                    return answer, lease.fingerprint, attempt
            except NoCapacity as exc:
                raise self._unavailable(exc, last) from exc
            except e.ProviderError as exc:
                last = exc
                if exc.action != "next_key":
                    raise
                await _back_off(exc, attempt)
        assert last is not None
        raise last

    def _message(self, answer: Answer, fingerprint: str, attempts: int, started: float) -> AIMessage:
        usage = UsageMetadata(
            input_tokens=answer.input_tokens,
            output_tokens=answer.output_tokens,
            total_tokens=answer.input_tokens + answer.output_tokens,
        )
        return AIMessage(
            content=answer.text,
            usage_metadata=usage,
            response_metadata={
                "provider": self.provider,
                "model": answer.model or self.model_name,
                "key_fingerprint": fingerprint,
                "attempts": attempts,
                "finish_reason": answer.finish_reason,
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        started = time.perf_counter()
        answer, fingerprint, attempts = await self._with_keys(messages)
        return ChatResult(
            generations=[ChatGeneration(message=self._message(answer, fingerprint, attempts, started))]
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return run_sync(self._agenerate(messages, stop))

    # --- streaming ------------------------------------------------------------------------

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        """Streams the answer; until its first chunk arrives a failing key is swapped like in ``_agenerate``."""
        last: e.ProviderError | None = None
        for attempt in range(1, self.max_attempts + 1):
            started_yielding = False
            try:
                async for chunk in self._stream_once(messages, run_manager):
                    started_yielding = True
                    if "key_fingerprint" in chunk.message.response_metadata:  # the closing chunk
                        chunk.message.response_metadata["attempts"] = attempt
                    yield chunk
                return
            except NoCapacity as exc:
                raise self._unavailable(exc, last) from exc
            except e.ProviderError as exc:
                last = exc
                if started_yielding or exc.action != "next_key" or self.pool is None:
                    raise
                await _back_off(exc, attempt)
        assert last is not None
        raise last

    async def _stream_once(
        self, messages: list[BaseMessage], run_manager: AsyncCallbackManagerForLLMRun | None
    ) -> AsyncIterator[ChatGenerationChunk]:
        if self.pool is None:
            async for chunk in self._stream_with_key(None, "", messages, run_manager):
                yield chunk
            return
        async with self.pool.lease(
            self.provider,
            model=self.model_name,
            estimated_tokens=self._estimate(messages),
            timeout=self.wait_for_capacity_s,
        ) as lease:
            async for chunk in self._stream_with_key(lease.key, lease.fingerprint, messages, run_manager):
                usage = getattr(chunk.message, "usage_metadata", None)
                if usage:
                    lease.report(tokens=usage["total_tokens"])
                yield chunk

    async def _stream_with_key(
        self,
        key: str | None,
        fingerprint: str,
        messages: list[BaseMessage],
        run_manager: AsyncCallbackManagerForLLMRun | None,
    ) -> AsyncIterator[ChatGenerationChunk]:
        wire = gemini_wire if self.provider == "gemini" else openai_wire
        url, headers, body = self._build(key, messages, stream=True)
        used = {"input": 0, "output": 0}
        try:
            async with (
                httpx.AsyncClient(timeout=self._timeout()) as client,
                client.stream("POST", url, headers=headers, json=body) as response,
            ):
                if response.status_code >= 400:
                    raw = (await response.aread()).decode("utf-8", "replace")
                    self._parse(response.status_code, response.headers, raw, fingerprint)
                async for line in response.aiter_lines():
                    if not line.startswith("data:"):
                        continue  # blank separators and ": keep-alive" comments
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    delta, tokens, finish = wire.parse_stream_event(
                        data, provider=self.provider, fingerprint=fingerprint
                    )
                    if tokens:
                        used = tokens
                    chunk = ChatGenerationChunk(
                        message=AIMessageChunk(
                            content=delta, response_metadata={"finish_reason": finish} if finish else {}
                        )
                    )
                    if run_manager and delta:
                        await run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise e.ProviderDown(
                f"stream failed ({type(exc).__name__})", provider=self.provider, fingerprint=fingerprint
            ) from exc
        usage = UsageMetadata(
            input_tokens=used["input"],
            output_tokens=used["output"],
            total_tokens=used["input"] + used["output"],
        )
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                usage_metadata=usage,
                response_metadata={"key_fingerprint": fingerprint, "provider": self.provider},
            )
        )

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        async def collect() -> list[ChatGenerationChunk]:
            return [chunk async for chunk in self._astream(messages, stop)]

        yield from run_sync(collect())
