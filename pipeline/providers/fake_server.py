"""A loopback server that speaks Gemini's and the OpenAI-compatible providers' wire formats.

    python -m pipeline fake-llm --port 8765 [--latency 0.2] [--rpm 30]

Base URLs (``PIPELINE_<PROVIDER>_BASE_URL``) for a server on port P:
    gemini      http://127.0.0.1:P/gemini/v1beta
    groq        http://127.0.0.1:P/groq/openai/v1
    deepseek    http://127.0.0.1:P/deepseek
    openrouter  http://127.0.0.1:P/openrouter/api/v1
    local       http://127.0.0.1:P/local/v1

Any key is accepted, except that a word in the key injects a fault, answered in that
provider's real shape: ``invalid`` (401; Gemini: 400 API_KEY_INVALID), ``limited`` (429 with
the provider's retry hint), ``daily`` (429, the day's quota), ``broke`` (402), ``down`` (503),
``slow`` (no answer), ``trunc`` (truncated JSON), ``html`` (wrong content type),
``keepalive`` (blank lines before the JSON, as DeepSeek does under load), ``inbody``
(HTTP 200 with an error in the body, as OpenRouter does), ``buggy`` (BACKEND's first answer
breaks the contract, so DEBUG sends a fix round), ``cut`` (every first answer stops at the
output limit: ``finish_reason: "length"`` / ``finishReason: "MAX_TOKENS"``; asked to continue,
it answers the rest), ``chatter`` (answers wrapped in a model's small talk), ``stale`` (UIX's
first edit has a SEARCH block that is not in the file) and ``fence`` (JSON inside a fence).
``--rpm`` gives every key a per-minute quota answered with real 429s. A model the catalog
lists as retired gets the provider's own "model gone" answer. ``GET .../models`` lists the
provider's current models in its own shape.

Answers are what a model following the prompts would write, in the answer protocol: CORE a
plan, ARCH ``{"operations": []}``, BACKEND a new test file, UIX an edit of ``App.jsx``; so
whole runs go through the HTTP path. GET /_calls lists the calls received (provider, key
fingerprint, agent, the request body); POST /_reset clears them.
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

PROVIDER_PATHS = {
    "gemini": "/gemini/v1beta",
    "groq": "/groq/openai/v1",
    "deepseek": "/deepseek",
    "openrouter": "/openrouter/api/v1",
    "local": "/local/v1",
}


def base_urls(port: int, host: str = "127.0.0.1") -> dict[str, str]:
    return {p: f"http://{host}:{port}{path}" for p, path in PROVIDER_PATHS.items()}


# --- what the agents get back -----------------------------------------------------------------


def _json_after(marker: str, text: str) -> dict[str, Any]:
    start = text.index(marker) + len(marker)
    value, _ = json.JSONDecoder().raw_decode(text, text.index("{", start))
    return dict(value)


def agent_of(system: str) -> str:
    match = re.search(r"You are (CORE|ARCH|BACKEND|UIX|DEBUG)\b", system)
    return match[1].lower() if match else ""


CONTINUE_MARK = "Your answer was cut off at the output limit"


def _fenced(text: str) -> str:
    return "```json\n" + text + "\n```"


def fake_answer(
    system: str, user: str, *, buggy: bool = False, stale: bool = False, fence: bool = False
) -> str:
    """What a model following the agent's prompt would answer (made by the offline templates).

    ``buggy``: BACKEND's first answer implements one update route with the wrong method (as a
    model might); asked to fix it, it answers with an edit back. ``stale``: UIX's first edit
    quotes a line that is not in the file; asked again, it quotes the right one.
    """
    from pipeline.templates import extract_spec

    agent = agent_of(system)
    if agent == "core":
        if "Current plan:" in user and "Change request:" in user:  # an edit: the plan, changed
            from pipeline.artifacts import Plan
            from pipeline.templates.changes import apply_change

            change = user.split("Change request:", 1)[1].split("\n\n", 1)[0].strip()
            plan = apply_change(
                Plan.model_validate(_json_after("Current plan:", user)), change
            ).plan.model_dump_json()
        else:
            request = user.split("Request:", 1)[1].strip() if "Request:" in user else user
            plan = extract_spec(request).model_dump_json()
        return _fenced(plan) if fence else plan
    if agent == "arch":
        answer = json.dumps({"operations": []})
        return _fenced(answer) if fence else answer
    if agent == "backend":
        return _backend_answer(user, buggy=buggy)
    if agent == "uix":
        if "did not match the files" in user:
            return _UIX_EDIT.format(search=_UIX_ANCHOR)
        if "Made with pipeline" in user:  # an edit of an app that has the footer already
            return "The app already shows everything the change needs. <no-changes/>"
        return _UIX_EDIT.format(
            search=_UIX_ANCHOR.replace("<main>", '<main className="content">') if stale else _UIX_ANCHOR
        )
    if agent == "debug":
        findings = re.findall(r"^- ([^\s:]+):\d+ \[([\w.-]+)\] (.+)$", user, re.MULTILINE)
        answer = json.dumps(
            {"advice": {path: f"Make it pass [{check}]: {message}" for path, check, message in findings}}
        )
        return _fenced(answer) if fence else answer
    return "Hello from the fake LLM server."


_UIX_ANCHOR = "      <main>\n        <View key={active} />\n      </main>\n"
_UIX_EDIT = """<edit path="frontend/src/App.jsx">
<<<<<<< SEARCH
{search}=======
      <main>
        <View key={{active}} />
      </main>
      <footer className="app-footer">Made with pipeline</footer>
>>>>>>> REPLACE
</edit>
"""


def _backend_answer(user: str, *, buggy: bool) -> str:
    from pipeline.templates.naming import kebab

    tables = re.findall(r"^- (\w+) \(table (\w+)\)", user, re.MULTILINE)
    paths = [f"/api/{kebab(plural)}" for _, plural in tables]
    if "These checks failed" in user:
        route = re.search(r"## (backend/app/routes/\w+\.py)", user)
        if route:
            return (
                f'<edit path="{route[1]}">\n<<<<<<< SEARCH\n@router.put(\n=======\n@router.patch(\n'
                ">>>>>>> REPLACE\n</edit>\n"
            )
        return "<no-changes/>"
    tests = "\n\n".join(
        f"def test_{plural}_list_starts_empty(client: TestClient) -> None:\n"
        f'    response = client.get("{path}")\n'
        "    assert response.status_code == 200\n"
        "    assert response.json() == []\n"
        for (_, plural), path in zip(tables, paths, strict=False)
    )
    answer = (
        '<file path="backend/tests/test_empty_lists.py">\n'
        '"""A new database lists nothing."""\n\n'
        "from fastapi.testclient import TestClient\n\n\n" + tests + "</file>\n"
    )
    if buggy and tables:
        broken = f"backend/app/routes/{tables[0][1]}.py"
        answer += f'<edit path="{broken}">\n<<<<<<< SEARCH\n@router.patch(\n=======\n@router.put(\n>>>>>>> REPLACE\n</edit>\n'
    return answer


def with_chatter(text: str) -> str:
    return f"Sure! Here is what you asked for.\n\n{text}\n\nLet me know if you want anything else changed."


def retired_answer(provider: str, model: str) -> tuple[int, dict[str, Any]]:
    """The provider's own answer for a model it no longer serves."""
    if provider == "gemini":
        return 404, {
            "error": {
                "code": 404,
                "message": f"models/{model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.",
                "status": "NOT_FOUND",
            }
        }  # fmt: skip
    if provider == "groq":
        return 400, {
            "error": {
                "message": f"The model `{model}` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.",
                "type": "invalid_request_error",
                "code": "model_decommissioned",
            }
        }  # fmt: skip
    if provider == "openrouter":
        return 404, {"error": {"message": f"No endpoints found for {model}.", "code": 404}}
    return 400, {
        "error": {
            "message": "Model Not Exist",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        }
    }


def models_listing(provider: str) -> dict[str, Any]:
    """The provider's live model list, in its own shape: the catalog's current models."""
    from pipeline.catalog import load_catalog

    rows = [m for m in load_catalog().rows(provider) if not m.is_retired() and m.model != "free"]
    if provider == "gemini":
        return {
            "models": [
                {"name": f"models/{m.model}", "displayName": m.model, "inputTokenLimit": m.context,
                 "outputTokenLimit": m.max_output, "supportedGenerationMethods": ["generateContent", "countTokens"]}
                for m in rows
            ]
        }  # fmt: skip
    data = []
    for m in rows:
        item: dict[str, Any] = {
            "id": m.model,
            "object": "model",
            "created": 1_760_000_000,
            "owned_by": provider,
        }
        if provider == "openrouter":
            free = m.model.endswith(":free")
            item["context_length"] = m.context
            item["pricing"] = {
                "prompt": "0" if free else "0.0000002",
                "completion": "0" if free else "0.0000008",
            }
        data.append(item)
    return {"object": "list", "data": data}


# --- provider-shaped answers ----------------------------------------------------------------------


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def openai_completion(model: str, text: str, prompt_tokens: int, *, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": f"chatcmpl-fake-{int(time.time() * 1000)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "logprobs": None,
                "finish_reason": finish,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": _tokens(text),
            "total_tokens": prompt_tokens + _tokens(text),
        },
    }


def openai_chunks(model: str, text: str, prompt_tokens: int, *, finish: str = "stop") -> list[dict[str, Any]]:
    base = {
        "id": "chatcmpl-fake-stream",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }
    pieces = [text[i : i + 400] for i in range(0, len(text), 400)] or [""]
    chunks = [
        {
            **base,
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": p}, "finish_reason": None}],
        }
        for p in pieces
    ]
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": _tokens(text),
        "total_tokens": prompt_tokens + _tokens(text),
    }
    chunks.append({**base, "choices": [], "usage": usage})
    return chunks


def gemini_response(
    model: str, text: str, prompt_tokens: int, *, final: bool = True, finish: str = "stop"
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "candidates": [
            {
                "content": {"parts": [{"text": text}], "role": "model"},
                "index": 0,
                **({"finishReason": "MAX_TOKENS" if finish == "length" else "STOP"} if final else {}),
            }
        ],
        "modelVersion": model,
        "responseId": "fake-response",
    }
    if final:
        body["usageMetadata"] = {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": _tokens(text),
            "totalTokenCount": prompt_tokens + _tokens(text),
        }
    return body


def rate_limit_answer(
    provider: str, model: str, *, daily: bool, retry_s: float
) -> tuple[int, dict[str, str], dict[str, Any]]:
    """The provider's own 429: status, headers, body."""
    if provider == "gemini":
        quota = (
            "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
            if daily
            else "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"
        )
        return 429, {}, {
            "error": {
                "code": 429,
                "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                "status": "RESOURCE_EXHAUSTED",
                "details": [
                    {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": quota, "quotaDimensions": {"location": "global", "model": model}, "quotaValue": "250" if daily else "10"}]},
                    {"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{int(retry_s)}s"},
                ],
            }
        }  # fmt: skip
    if provider == "groq":
        window = (
            "requests per day (RPD): Limit 1000, Used 1000"
            if daily
            else "requests per minute (RPM): Limit 30, Used 30"
        )
        headers = {
            "retry-after": str(int(retry_s)),
            "x-ratelimit-limit-requests": "1000",
            "x-ratelimit-limit-tokens": "12000",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-remaining-tokens": "11000",
            "x-ratelimit-reset-requests": f"{retry_s:.2f}s",
            "x-ratelimit-reset-tokens": "1.5s",
        }
        message = f"Rate limit reached for model `{model}` in organization `org_fake` service tier `on_demand` on {window}, Requested 1. Please try again in {retry_s:.1f}s."
        return (
            429,
            headers,
            {"error": {"message": message, "type": "requests", "code": "rate_limit_exceeded"}},
        )
    if provider == "openrouter":
        reset_ms = str(int((time.time() + retry_s) * 1000))
        kind = "free-models-per-day" if daily else "free-models-per-min"
        headers = {
            "retry-after": str(int(retry_s)),
            "x-ratelimit-limit": "20",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": reset_ms,
        }
        return (
            429,
            headers,
            {
                "error": {
                    "code": 429,
                    "message": f"Rate limit exceeded: {kind}. ",
                    "metadata": {
                        "headers": {
                            "X-RateLimit-Limit": "20",
                            "X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset": reset_ms,
                        }
                    },
                }
            },
        )
    return (
        429,
        {"retry-after": str(int(retry_s))},
        {
            "error": {
                "message": "Rate Limit Reached",
                "type": "rate_limit_reached_error",
                "param": None,
                "code": "rate_limit_reached",
            }
        },
    )


def fault_answer(provider: str, fault: str) -> tuple[int, dict[str, Any]]:
    if fault == "invalid":
        if provider == "gemini":
            return 400, {
                "error": {
                    "code": 400,
                    "message": "API key not valid. Please pass a valid API key.",
                    "status": "INVALID_ARGUMENT",
                    "details": [
                        {
                            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "API_KEY_INVALID",
                            "domain": "googleapis.com",
                            "metadata": {"service": "generativelanguage.googleapis.com"},
                        }
                    ],
                }
            }
        if provider == "deepseek":
            return 401, {
                "error": {
                    "message": "Authentication Fails, Your api key: ****fake is invalid",
                    "type": "authentication_error",
                    "param": None,
                    "code": "invalid_request_error",
                }
            }
        if provider == "openrouter":
            return 401, {"error": {"code": 401, "message": "User not found."}}
        return 401, {
            "error": {
                "message": "Invalid API Key",
                "type": "invalid_request_error",
                "code": "invalid_api_key",
            }
        }
    if fault == "broke":
        if provider == "openrouter":
            return 402, {
                "error": {
                    "code": 402,
                    "message": "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
                }
            }
        return 402, {
            "error": {
                "message": "Insufficient Balance",
                "type": "unknown_error",
                "param": None,
                "code": "invalid_request_error",
            }
        }
    if provider == "gemini":
        return 503, {
            "error": {
                "code": 503,
                "message": "The model is overloaded. Please try again later.",
                "status": "UNAVAILABLE",
            }
        }
    return 503, {"error": {"message": "Service Unavailable", "type": "internal_server_error"}}


# --- the server ------------------------------------------------------------------------------

FAULTS = ("invalid", "limited", "daily", "broke", "down", "slow", "trunc", "html", "keepalive", "inbody")
SHAPES = ("cut", "chatter", "stale", "fence", "buggy")
"""Words that change what a successful answer looks like, not whether it succeeds."""


@dataclass
class FakeLLMServer:
    host: str = "127.0.0.1"
    port: int = 0
    latency: float = 0.0
    rpm: int = 0
    retired: set[str] = field(default_factory=set)
    """``provider:model`` ids answered as gone, besides the catalog's retired models."""
    report_usage: bool = True
    """False: answers carry no usage report (as some local servers send), so clients must estimate."""
    calls: list[dict[str, Any]] = field(default_factory=list)
    _windows: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _server: asyncio.Server | None = None
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> FakeLLMServer:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._handlers):  # answers still sleeping (latency, "slow" keys)
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            await self._server.wait_closed()

    @property
    def urls(self) -> dict[str, str]:
        return base_urls(self.port, self.host)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {
                k.strip().lower(): v.strip()
                for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
            }
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
            await self._route(method, target, headers, body, writer)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            try:
                writer.close()
                await writer.wait_closed()
            except (ConnectionError, OSError):
                pass

    async def _send(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        payload: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        *,
        prefix: bytes = b"",
        declared: int | None = None,
    ) -> None:
        reason = {
            200: "OK",
            400: "Bad Request",
            401: "Unauthorized",
            402: "Payment Required",
            404: "Not Found",
            429: "Too Many Requests",
            503: "Service Unavailable",
        }.get(status, "Status")
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        length = declared if declared is not None else len(prefix) + len(payload)
        writer.write(
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n{extra}\r\n".encode()
        )
        if prefix:  # DeepSeek under load: blank keep-alive lines, sent slowly, before the JSON
            for line in prefix.splitlines(keepends=True):
                writer.write(line)
                await writer.drain()
                await asyncio.sleep(0.05)
        writer.write(payload)
        await writer.drain()

    async def _route(
        self, method: str, target: str, headers: dict[str, str], body: bytes, writer: asyncio.StreamWriter
    ) -> None:
        path = target.split("?", 1)[0]
        if path == "/_calls":
            await self._send(writer, 200, json.dumps(self.calls).encode())
            return
        if path == "/_reset" and method == "POST":
            self.calls.clear()
            self._windows.clear()
            await self._send(writer, 200, b"{}")
            return
        provider = path.strip("/").split("/", 1)[0]
        if method == "GET" and provider in PROVIDER_PATHS and path.rstrip("/").endswith("/models"):
            key = (
                headers.get("x-goog-api-key")
                or headers.get("authorization", "").removeprefix("Bearer ").strip()
            )
            if provider != "local" and (not key or "invalid" in key.lower()):
                status, fault_body = fault_answer(provider, "invalid")
                await self._send(writer, status, json.dumps(fault_body).encode())
                return
            await self._send(writer, 200, json.dumps(models_listing(provider)).encode())
            return
        if method != "POST" or provider not in PROVIDER_PATHS:
            await self._send(writer, 404, b'{"error": {"message": "not found"}}')
            return
        if provider == "gemini":
            key = headers.get("x-goog-api-key", "")
            match = re.search(r"/models/([^/:]+):(generateContent|streamGenerateContent)$", path)
            if not match:
                await self._send(
                    writer, 404, b'{"error": {"code": 404, "message": "Not found", "status": "NOT_FOUND"}}'
                )
                return
            model, stream = match[1], match[2] == "streamGenerateContent"
        else:
            key = headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not path.endswith("/chat/completions"):
                await self._send(writer, 404, b'{"error": {"message": "not found"}}')
                return
            model, stream = "", False
        try:
            request = json.loads(body or b"{}")
        except json.JSONDecodeError:
            await self._send(writer, 400, b'{"error": {"message": "invalid JSON body"}}')
            return
        if provider != "gemini":
            model = str(request.get("model", ""))
            stream = bool(request.get("stream"))
        system, user, continuing, partial = self._prompt(provider, request)
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
            await asyncio.sleep(3600)
            return
        if fault in ("limited", "daily") or self._over_quota(key):
            status, extra, limit_body = rate_limit_answer(
                provider, model, daily=fault == "daily", retry_s=30.0 if fault else 20.0
            )
            await self._send(writer, status, json.dumps(limit_body).encode(), headers=extra)
            return
        if fault in ("invalid", "broke", "down"):
            status, fault_body = fault_answer(provider, fault)
            await self._send(writer, status, json.dumps(fault_body).encode())
            return
        if self._retired(provider, model) or f"{provider}:{model}" in self.retired:
            status, gone_body = retired_answer(provider, model)
            await self._send(writer, status, json.dumps(gone_body).encode())
            return
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
        groq_headers = (
            {
                "x-ratelimit-limit-requests": "1000",
                "x-ratelimit-limit-tokens": "12000",
                "x-ratelimit-remaining-requests": "999",
                "x-ratelimit-remaining-tokens": "11000",
                "x-ratelimit-reset-requests": "1m26.4s",
                "x-ratelimit-reset-tokens": "2s",
            }
            if provider == "groq"
            else {}
        )
        if stream:
            cut_short = "stall" if "stall" in words else "drop" if "drop" in words else ""
            await self._stream(writer, provider, model, text, prompt_tokens, groq_headers, finish, cut_short)
            return
        if provider == "gemini":
            payload = json.dumps(gemini_response(model, text, prompt_tokens, finish=finish)).encode()
        elif fault == "inbody":
            payload = json.dumps(
                {
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
            ).encode()
        else:
            payload = json.dumps(openai_completion(model, text, prompt_tokens, finish=finish)).encode()
        if not self.report_usage:
            payload = json.dumps(
                {k: v for k, v in json.loads(payload).items() if k not in ("usage", "usageMetadata")}
            ).encode()
        if fault == "trunc":
            await self._send(writer, 200, payload[: len(payload) // 2], headers=groq_headers)
        elif fault == "html":
            await self._send(
                writer, 200, b"<html><body>502 Bad Gateway</body></html>", content_type="text/html"
            )
        elif fault == "keepalive":
            await self._send(writer, 200, payload, headers=groq_headers, prefix=b"\n\n\n")
        else:
            await self._send(writer, 200, payload, headers=groq_headers)

    async def _stream(
        self,
        writer: asyncio.StreamWriter,
        provider: str,
        model: str,
        text: str,
        prompt_tokens: int,
        headers: dict[str, str],
        finish: str = "stop",
        cut_short: str = "",
    ) -> None:
        """The answer as server-sent events. ``cut_short``: ``stall`` goes quiet after the first
        event, ``drop`` closes the connection there (no finish reason, no [DONE])."""
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(
            f"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n{extra}\r\n".encode()
        )
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
        for i, line in enumerate(lines):
            writer.write(line.encode())
            await writer.drain()
            if cut_short and i == (1 if provider != "gemini" else 0):
                if cut_short == "stall":
                    await asyncio.sleep(3600)
                return

    def _usage_less(self, event: dict[str, Any]) -> dict[str, Any]:
        return (
            event
            if self.report_usage
            else {k: v for k, v in event.items() if k not in ("usage", "usageMetadata")}
        )

    @staticmethod
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
        partial = (
            next((text for role, text in reversed(turns) if role == "assistant"), "") if continuing else ""
        )
        # a retry after a failed edit is answered from its own request; anything else from the first one
        user = users[-1] if users and "did not match the files" in users[-1] else (users[0] if users else "")
        return system, user, continuing, partial

    @staticmethod
    def _retired(provider: str, model: str) -> bool:
        from pipeline.catalog import load_catalog

        return load_catalog().model(provider, model).is_retired()

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


async def serve_forever(host: str, port: int, latency: float, rpm: int) -> None:
    server = await FakeLLMServer(host=host, port=port, latency=latency, rpm=rpm).start()
    print(f"fake LLM server on http://{host}:{server.port}")
    for provider, url in server.urls.items():
        print(f"  PIPELINE_{provider.upper()}_BASE_URL={url}")
    await asyncio.Event().wait()
