"""Helpers every provider call shares: the stream's two clocks, message roles and text, the
prompt's estimated tokens, and the back-off after a provider's own failure."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable
from typing import TypeVar

from langchain_core.messages import BaseMessage

from pipeline.providers import errors as e
from pipeline.tokens import estimate

T = TypeVar("T")


def estimate_tokens(messages: list[BaseMessage]) -> int:
    """The prompt's tokens, for when no usage is reported (``pipeline.tokens``)."""
    return sum(estimate(text_of(m)) for m in messages)


class StreamClock:
    """The two timeouts of a stream: until the first token, then between chunks."""

    def __init__(self, first_token_s: float, idle_s: float) -> None:
        self.first_token_s = first_token_s
        self.idle_s = idle_s
        self.deadline = time.monotonic() + first_token_s
        self.started = False

    def got_content(self) -> None:
        self.started = True

    async def wait(self, step: Awaitable[T], provider: str, fingerprint: str) -> T:
        if self.started:
            limit, what = self.idle_s, f"went quiet for {self.idle_s:.0f} s mid-answer"
        else:
            limit = max(0.0, self.deadline - time.monotonic())
            what = f"sent no first token within {self.first_token_s:.0f} s"
        try:
            return await asyncio.wait_for(step, limit)
        except TimeoutError as exc:
            raise e.StreamStalled(f"the stream {what}", provider=provider, fingerprint=fingerprint) from exc


def role_of(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


def text_of(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else json.dumps(message.content)


async def back_off(exc: e.ProviderError, attempt: int) -> None:
    """Jittered exponential pause after a failure of the provider itself. Rate limits need
    none: the pool has cooled that key's group until the provider's time."""
    if isinstance(exc, e.ProviderDown | e.MalformedResponse):
        await asyncio.sleep(random.uniform(0, min(4.0, 0.25 * 2**attempt)))
