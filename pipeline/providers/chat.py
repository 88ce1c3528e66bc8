"""``PoolChatModel``: a LangChain chat model over httpx that holds a key-pool lease per call.

One class for every provider; the wire format (``openai_wire`` or ``gemini_wire``) is the
only difference. A call tries up to ``max_attempts`` keys: a rate-limited or rejected key is
reported to the pool (which cools or retires it) and the next lease goes to a key with room;
5xx and timeouts back off with jitter. When no key has room the call raises
``ProviderUnavailable`` and the router moves on to the next provider.

Per call, ``max_tokens`` and ``json_mode`` may be passed as keyword arguments
(``model.astream(messages, max_tokens=800, json_mode=True)``). A stream has two clocks: the
first token must come within ``first_token_timeout_s`` (a CPU server reads the whole prompt
first) and a started stream may not go quiet for more than ``idle_timeout_s``; a stream that
stalls or ends before its finish reason is a provider error, never a short answer. Usage the
provider does not report is estimated (characters / 4) and marked ``usage_estimated``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any, TypeVar

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
from pipeline.providers.calls import StreamClock, back_off, estimate_tokens, role_of, text_of
from pipeline.providers.openai_wire import Answer
from pipeline.tokens import PER_MESSAGE, estimate

T = TypeVar("T")


class PoolChatModel(BaseChatModel):
    """A provider's chat endpoint, called with keys leased from a :class:`KeyPool`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    provider: str
    model_name: str
    base_url: str
    pool: KeyPool | None = Field(default=None, exclude=True)
    """``None`` only for keyless local servers."""
    json_mode: bool = False
    temperature: float = 0.2
    max_tokens: int | None = None
    timeout_s: float = 120.0
    """Whole-request limit for calls that do not stream."""
    first_token_timeout_s: float = 120.0
    idle_timeout_s: float = 60.0
    max_attempts: int = 4
    wait_for_capacity_s: float = 20.0
    """How long a call may wait for a key to have room (never sooner than the window allows)."""
    extra_headers: dict[str, str] = Field(default_factory=dict)
    transport: httpx.AsyncBaseTransport | None = Field(default=None, exclude=True)
    """Where requests go: the network by default; ``httpx.MockTransport`` in wire-format tests."""

    @property
    def _llm_type(self) -> str:
        return f"pipeline-{self.provider}"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"provider": self.provider, "model": self.model_name, "base_url": self.base_url}

    # --- the request --------------------------------------------------------------------

    def _build(
        self,
        key: str | None,
        messages: list[BaseMessage],
        stream: bool,
        options: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        options = options or {}
        max_tokens = options.get("max_tokens") or self.max_tokens
        json_mode = bool(options.get("json_mode", self.json_mode))
        if self.provider == "gemini":
            system = "\n\n".join(text_of(m) for m in messages if isinstance(m, SystemMessage))
            rest = [
                {"role": role_of(m), "content": text_of(m)}
                for m in messages
                if not isinstance(m, SystemMessage)
            ]
            return gemini_wire.build_request(
                self.base_url, key or "", self.model_name, system, rest,
                json_mode=json_mode, stream=stream, max_tokens=max_tokens, temperature=self.temperature,
            )  # fmt: skip
        return openai_wire.build_request(
            self.base_url, key, self.model_name, [{"role": role_of(m), "content": text_of(m)} for m in messages],
            json_mode=json_mode, stream=stream, max_tokens=max_tokens, temperature=self.temperature,
            extra_headers=self.extra_headers,
        )  # fmt: skip

    def _parse(self, status: int, headers: httpx.Headers, raw: str, fingerprint: str) -> Answer:
        if self.provider == "gemini":
            return gemini_wire.parse_response(
                status, headers, raw, provider=self.provider, fingerprint=fingerprint, model=self.model_name
            )
        return openai_wire.parse_response(
            status, headers, raw, provider=self.provider, fingerprint=fingerprint, model=self.model_name
        )

    def _timeout(self) -> httpx.Timeout:
        # The read timeout is per chunk: DeepSeek's keep-alive blank lines keep a slow answer alive.
        return httpx.Timeout(self.timeout_s, connect=10.0)

    async def _post(
        self, key: str | None, fingerprint: str, messages: list[BaseMessage], options: dict[str, Any]
    ) -> Answer:
        url, headers, body = self._build(key, messages, stream=False, options=options)
        try:
            async with httpx.AsyncClient(timeout=self._timeout(), transport=self.transport) as client:
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
        answer = self._parse(response.status_code, response.headers, raw, fingerprint)
        if answer.input_tokens or answer.output_tokens:
            return answer
        return replace(
            answer,
            input_tokens=estimate_tokens(messages),
            output_tokens=estimate(answer.text),
            estimated=True,
        )

    def _unavailable(self, exc: NoCapacity, last: e.ProviderError | None) -> e.ProviderUnavailable:
        """No key has room: say so, with what the last key answered."""
        message = exc.message if last is None else f"{exc.message}, after {last.kind}: {last.message}"
        return e.ProviderUnavailable(
            message, provider=self.provider, retry_after=exc.retry_after, hint=exc.hint
        )

    def _estimate(self, messages: list[BaseMessage], options: dict[str, Any]) -> int:
        return estimate_tokens(messages) + int(options.get("max_tokens") or self.max_tokens or 1024)

    # --- attempts over keys ---------------------------------------------------------------

    async def _with_keys(
        self, messages: list[BaseMessage], options: dict[str, Any]
    ) -> tuple[Answer, str, int]:
        if self.pool is None:
            return await self._post(None, "", messages, options), "", 1
        last: e.ProviderError | None = None
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with self.pool.lease(
                    self.provider,
                    model=self.model_name,
                    estimated_tokens=self._estimate(messages, options),
                    timeout=self.wait_for_capacity_s,
                ) as lease:
                    answer = await self._post(lease.key, lease.fingerprint, messages, options)
                    lease.report(tokens=answer.input_tokens + answer.output_tokens, limits=answer.limits)
                    return answer, lease.fingerprint, attempt
            except NoCapacity as exc:
                raise self._unavailable(exc, last) from exc
            except e.ProviderError as exc:
                last = exc
                if exc.action != "next_key":
                    raise
                await back_off(exc, attempt)
        assert last is not None
        raise last

    def _message(self, answer: Answer, fingerprint: str, attempts: int, started: float) -> AIMessage:
        usage = UsageMetadata(
            input_tokens=answer.input_tokens,
            output_tokens=answer.output_tokens,
            total_tokens=answer.input_tokens + answer.output_tokens,
            input_token_details={"cache_read": answer.cached_tokens},
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
                "usage_estimated": answer.estimated,
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
        answer, fingerprint, attempts = await self._with_keys(messages, kwargs)
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
        return run_sync(self._agenerate(messages, stop, **kwargs))

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
                async for chunk in self._stream_once(messages, run_manager, kwargs):
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
                await back_off(exc, attempt)
        assert last is not None
        raise last

    async def _stream_once(
        self,
        messages: list[BaseMessage],
        run_manager: AsyncCallbackManagerForLLMRun | None,
        options: dict[str, Any],
    ) -> AsyncIterator[ChatGenerationChunk]:
        if self.pool is None:
            async for chunk in self._stream_with_key(None, "", messages, run_manager, options):
                yield chunk
            return
        async with self.pool.lease(
            self.provider,
            model=self.model_name,
            estimated_tokens=self._estimate(messages, options),
            timeout=self.wait_for_capacity_s,
        ) as lease:
            async for chunk in self._stream_with_key(
                lease.key, lease.fingerprint, messages, run_manager, options
            ):
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
        options: dict[str, Any],
    ) -> AsyncIterator[ChatGenerationChunk]:
        wire = gemini_wire if self.provider == "gemini" else openai_wire
        url, headers, body = self._build(key, messages, stream=True, options=options)
        used: dict[str, int] | None = None
        received = 0
        finished = ""
        done = False
        clock = StreamClock(self.first_token_timeout_s, self.idle_timeout_s)
        # Our own clocks decide; httpx only guards the connect.
        timeout = httpx.Timeout(None, connect=10.0)
        try:
            async with httpx.AsyncClient(timeout=timeout, transport=self.transport) as client:
                request = client.build_request("POST", url, headers=headers, json=body)
                response = await clock.wait(client.send(request, stream=True), self.provider, fingerprint)
                try:
                    if response.status_code >= 400:
                        raw = (await clock.wait(response.aread(), self.provider, fingerprint)).decode(
                            "utf-8", "replace"
                        )
                        self._parse(response.status_code, response.headers, raw, fingerprint)
                    lines = response.aiter_lines()
                    while True:
                        try:
                            line = await clock.wait(anext(lines), self.provider, fingerprint)
                        except StopAsyncIteration:
                            break
                        if not line.startswith("data:"):
                            continue  # blank separators and ": keep-alive" comments
                        data = line[5:].strip()
                        if data == "[DONE]":
                            done = True
                            break
                        delta, tokens, finish = wire.parse_stream_event(
                            data, provider=self.provider, fingerprint=fingerprint
                        )
                        if tokens:
                            used = tokens
                        finished = finish or finished
                        if not delta and not finish:
                            continue
                        clock.got_content()
                        received += len(delta)
                        # metadata only on the closing chunk: merging chunks concatenates strings
                        chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                        if run_manager and delta:
                            await run_manager.on_llm_new_token(delta, chunk=chunk)
                        yield chunk
                finally:
                    await response.aclose()
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise e.ProviderDown(
                f"stream failed ({type(exc).__name__})", provider=self.provider, fingerprint=fingerprint
            ) from exc
        if not finished and not done:
            raise e.ProviderDown(
                f"the stream ended before the answer did ({received} characters, no finish reason)",
                provider=self.provider,
                fingerprint=fingerprint,
            )
        estimated = used is None or not (used["input"] or used["output"])
        if estimated:
            used = {"input": estimate_tokens(messages), "output": received // 4 + PER_MESSAGE}
        assert used is not None
        usage = UsageMetadata(
            input_tokens=used["input"],
            output_tokens=used["output"],
            total_tokens=used["input"] + used["output"],
            input_token_details={"cache_read": used.get("cached", 0)},
        )
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                usage_metadata=usage,
                response_metadata={
                    "key_fingerprint": fingerprint,
                    "provider": self.provider,
                    "finish_reason": finished or "stop",
                    "usage_estimated": estimated,
                },
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
            return [chunk async for chunk in self._astream(messages, stop, **kwargs)]

        yield from run_sync(collect())
