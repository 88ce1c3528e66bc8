"""The fake provider's logic: a request in, a :class:`Reply` out, in each provider's real shape.

Kept apart from any I/O so the same answers go out over a socket (``server.py``) and through an
httpx ``MockTransport`` (``transport.py``). A word in the key injects a fault or shapes the answer
(see the package's docstring).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from pipeline.keypool.keys import fingerprint
from pipeline.testing.fake_llm.answers import CONTINUE_MARK, agent_of, fake_answer, with_chatter
from pipeline.testing.fake_llm.shapes import (
    _tokens,
    fault_answer,
    gemini_response,
    models_listing,
    openai_chunks,
    openai_completion,
    rate_limit_answer,
    retired_answer,
)

PROVIDER_PATHS = {
    "gemini": "/gemini/v1beta",
    "groq": "/groq/openai/v1",
    "deepseek": "/deepseek",
    "openrouter": "/openrouter/api/v1",
    "local": "/local/v1",
}
FAULTS = ("invalid", "limited", "daily", "broke", "down", "slow", "trunc", "html", "keepalive", "inbody")
SHAPES = ("cut", "chatter", "stale", "fence", "buggy")
GROQ_HEADERS = {
    "x-ratelimit-limit-requests": "1000",
    "x-ratelimit-limit-tokens": "12000",
    "x-ratelimit-remaining-requests": "999",
    "x-ratelimit-remaining-tokens": "11000",
    "x-ratelimit-reset-requests": "1m26.4s",
    "x-ratelimit-reset-tokens": "2s",
}


def base_urls(port: int, host: str = "127.0.0.1") -> dict[str, str]:
    return {p: f"http://{host}:{port}{path}" for p, path in PROVIDER_PATHS.items()}


@dataclass
class Reply:
    """One answer: status, headers and the body in parts, with how it misbehaves on the wire."""

    status: int
    parts: list[bytes]
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    pause_s: float = 0.0
    """Between parts (DeepSeek's keep-alive lines come slowly)."""
    hang_before: bool = False
    """Never answer at all (``slow``)."""
    hang_after: int | None = None
    """Go quiet after this part, keeping the connection open (a stalled stream)."""
    drop_after: int | None = None
    """Close the connection after this part (a dropped stream)."""
    streaming: bool = False

    @classmethod
    def json(cls, status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
        return cls(status, [json.dumps(body).encode()], headers=dict(headers or {}))


@dataclass
class FakeLLM:
    """The providers' behaviour, and the calls received (provider, key fingerprint, agent, body)."""

    latency: float = 0.0
    rpm: int = 0
    retired: set[str] = field(default_factory=set)
    """``provider:model`` ids answered as gone, besides the catalog's retired models."""
    report_usage: bool = True
    """False: answers carry no usage report (as some local servers send), so clients must estimate."""
    calls: list[dict[str, Any]] = field(default_factory=list)
    _windows: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    async def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        """``headers`` with lower-case names."""
        if path == "/_calls":
            return Reply.json(200, self.calls)
        if path == "/_reset" and method == "POST":
            self.calls.clear()
            self._windows.clear()
            return Reply.json(200, {})
        provider = path.strip("/").split("/", 1)[0]
        if method == "GET" and provider in PROVIDER_PATHS and path.rstrip("/").endswith("/models"):
            key = (
                headers.get("x-goog-api-key")
                or headers.get("authorization", "").removeprefix("Bearer ").strip()
            )
            if provider != "local" and (not key or "invalid" in key.lower()):
                return Reply.json(*fault_answer(provider, "invalid"))
            return Reply.json(200, models_listing(provider))
        if method != "POST" or provider not in PROVIDER_PATHS:
            return Reply.json(404, {"error": {"message": "not found"}})
        if provider == "gemini":
            key = headers.get("x-goog-api-key", "")
            match = re.search(r"/models/([^/:]+):(generateContent|streamGenerateContent)$", path)
            if not match:
                return Reply.json(
                    404, {"error": {"code": 404, "message": "Not found", "status": "NOT_FOUND"}}
                )
            model, stream = match[1], match[2] == "streamGenerateContent"
        else:
            key = headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not path.endswith("/chat/completions"):
                return Reply.json(404, {"error": {"message": "not found"}})
            model, stream = "", False
        try:
            request = json.loads(body or b"{}")
        except json.JSONDecodeError:
            return Reply.json(400, {"error": {"message": "invalid JSON body"}})
        if provider != "gemini":
            model = str(request.get("model", ""))
            stream = bool(request.get("stream"))
        return await self._completion(provider, model, stream, key, headers, request)

    async def _completion(
        self,
        provider: str,
        model: str,
        stream: bool,
        key: str,
        headers: dict[str, str],
        request: dict[str, Any],
    ) -> Reply:
        system, user, continuing, partial = _prompt(provider, request)
        call = {
            "provider": provider,
            "model": model,
            "key": fingerprint(key) if key else "",
            "agent": agent_of(system),
            "stream": stream,
            "ts": time.time(),
            "headers": {k: v for k, v in headers.items() if k in ("http-referer", "x-title")},
            "request": request,
        }
        self.calls.append(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        fault = next((f for f in FAULTS if f in key.lower()), "")
        if provider != "local" and not key:
            fault = "invalid"
        call["fault"] = fault
        if fault == "slow":
            return Reply(200, [], hang_before=True)
        if fault in ("limited", "daily") or self._over_quota(key):
            status, extra, limit_body = rate_limit_answer(
                provider, model, daily=fault == "daily", retry_s=30.0 if fault else 20.0
            )
            return Reply.json(status, limit_body, extra)
        if fault in ("invalid", "broke", "down"):
            return Reply.json(*fault_answer(provider, fault))
        if _retired(provider, model) or f"{provider}:{model}" in self.retired:
            return Reply.json(*retired_answer(provider, model))
        words = key.lower()
        text = fake_answer(
            system, user, buggy="buggy" in words, stale="stale" in words, fence="fence" in words
        )
        if "chatter" in words:
            text = with_chatter(text)
        finish = "stop"
        if continuing:  # go on from where the answer so far stopped
            text = text[len(partial) :] if text.startswith(partial) else text
        elif "cut" in words and len(text) > 200:
            text, finish = text[: len(text) * 3 // 5], "length"
        call["finish"] = finish
        prompt_tokens = _tokens(system + user + partial)
        groq_headers = dict(GROQ_HEADERS) if provider == "groq" else {}
        if stream:
            cut_short = "stall" if "stall" in words else "drop" if "drop" in words else ""
            return self._stream(provider, model, text, prompt_tokens, groq_headers, finish, cut_short)
        if provider == "gemini":
            body: dict[str, Any] = gemini_response(model, text, prompt_tokens, finish=finish)
        elif fault == "inbody":
            body = {
                "id": "gen-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "error": {
                    "code": 502,
                    "message": "Provider returned error",
                    "metadata": {"provider_name": "FakeUpstream"},
                },
            }
        else:
            body = openai_completion(model, text, prompt_tokens, finish=finish)
        payload = json.dumps(self._usage_less(body)).encode()
        if fault == "trunc":
            return Reply(200, [payload[: len(payload) // 2]], headers=groq_headers)
        if fault == "html":
            return Reply(200, [b"<html><body>502 Bad Gateway</body></html>"], content_type="text/html")
        if fault == "keepalive":  # DeepSeek under load: blank keep-alive lines, sent slowly, before the JSON
            return Reply(200, [b"\n", b"\n", b"\n", payload], headers=groq_headers, pause_s=0.05)
        return Reply(200, [payload], headers=groq_headers)

    def _stream(
        self, provider: str, model: str, text: str, prompt_tokens: int, headers: dict[str, str],
        finish: str = "stop", cut_short: str = "",
    ) -> Reply:  # fmt: skip
        """The answer as server-sent events. ``cut_short``: ``stall`` goes quiet after the first
        event, ``drop`` closes the connection there (no finish reason, no [DONE])."""
        if provider == "gemini":
            pieces = [text[i : i + 400] for i in range(0, len(text), 400)] or [""]
            events = [gemini_response(model, p, prompt_tokens, final=False) for p in pieces[:-1]]
            last = gemini_response(model, pieces[-1], prompt_tokens, finish=finish)
            last["usageMetadata"]["candidatesTokenCount"] = _tokens(text)
            events.append(last)
            lines = [f"data: {json.dumps(self._usage_less(e))}\r\n\r\n" for e in events]
        else:
            lines = [": keep-alive\n\n"]
            lines += [
                f"data: {json.dumps(self._usage_less(c))}\n\n"
                for c in openai_chunks(model, text, prompt_tokens, finish=finish)
                if self.report_usage or c.get("choices")
            ]
            lines.append("data: [DONE]\n\n")
        last_sent = 1 if provider != "gemini" else 0
        return Reply(
            200,
            [line.encode() for line in lines],
            content_type="text/event-stream",
            headers={"Cache-Control": "no-cache", **headers},
            streaming=True,
            hang_after=last_sent if cut_short == "stall" else None,
            drop_after=last_sent if cut_short == "drop" else None,
        )

    def _usage_less(self, event: dict[str, Any]) -> dict[str, Any]:
        if self.report_usage:
            return event
        return {k: v for k, v in event.items() if k not in ("usage", "usageMetadata")}

    def _over_quota(self, key: str) -> bool:
        if not self.rpm:
            return False
        window = self._windows[key]
        now = time.monotonic()
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) >= self.rpm:
            return True
        window.append(now)
        return False


def _prompt(provider: str, request: dict[str, Any]) -> tuple[str, str, bool, str]:
    """(system, first user message, whether this asks to continue, the answer so far)."""
    if provider == "gemini":
        system = " ".join(
            p.get("text", "") for p in (request.get("systemInstruction") or {}).get("parts", [])
        )
        turns = [
            (
                "assistant" if c.get("role") == "model" else "user",
                "".join(p.get("text", "") for p in c.get("parts", [])),
            )
            for c in request.get("contents", [])
        ]
    else:
        messages = request.get("messages", [])
        system = " ".join(str(m.get("content", "")) for m in messages if m.get("role") == "system")
        turns = [
            (str(m.get("role")), str(m.get("content", ""))) for m in messages if m.get("role") != "system"
        ]
    users = [text for role, text in turns if role == "user"]
    continuing = bool(users) and users[-1].startswith(CONTINUE_MARK)
    partial = next((text for role, text in reversed(turns) if role == "assistant"), "") if continuing else ""
    # a retry after a failed edit is answered from its own request; anything else from the first one
    user = users[-1] if users and "did not match the files" in users[-1] else (users[0] if users else "")
    return system, user, continuing, partial


def _retired(provider: str, model: str) -> bool:
    from pipeline.catalog import load_catalog

    return load_catalog().model(provider, model).is_retired()
