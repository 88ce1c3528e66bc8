"""The OpenAI-compatible chat wire format (Groq, DeepSeek, OpenRouter, local servers).

Pure functions: request → (url, headers, body); (status, headers, body) → answer or a typed
error. Error mapping follows each provider's documented answers:

- Groq: 429 with ``retry-after`` and ``x-ratelimit-*``; a message naming "requests per day
  (RPD)" or "tokens per day (TPD)" is the day's quota. 401 ``invalid_api_key``.
- DeepSeek: 401 authentication, 402 insufficient balance, 422 bad parameters, 429, 500/503;
  a busy server sends blank lines before the JSON body.
- OpenRouter: the error shape ``{"error": {"code", "message", "metadata"}}``, also inside an
  HTTP 200 once generation started; 402 when credits are gone; free-model daily limits as 429.
- A model the provider no longer serves (``ModelRetired``): Groq 400 ``model_decommissioned``
  ("The model `x` has been decommissioned and is no longer supported", seen in mem0ai/mem0
  issue 4694, 2026) or 404 ``model_not_found``; DeepSeek 400 "Model Not Exist"; OpenRouter
  400 "x is not a valid model ID" or 404 "No endpoints found for x"; Ollama 404
  'model "x" not found'.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.keypool.limits import Limits
from pipeline.providers import errors as e


@dataclass(frozen=True)
class Answer:
    text: str
    input_tokens: int
    output_tokens: int
    finish_reason: str
    model: str
    limits: Limits | None = None
    """Limits the provider announced in its headers (Groq's ``x-ratelimit-limit-*``)."""
    estimated: bool = False
    """The provider reported no usage; the token counts are estimates."""
    cached_tokens: int = 0
    """Input tokens the provider read from its prompt cache (priced lower)."""


def build_request(
    base_url: str,
    key: str | None,
    model: str,
    messages: list[dict[str, str]],
    *,
    json_mode: bool,
    stream: bool,
    max_tokens: int | None,
    temperature: float,
    extra_headers: Mapping[str, str] | None = None,
) -> tuple[str, dict[str, str], dict[str, Any]]:
    headers = {
        "Content-Type": "application/json",
        "Accept": "text/event-stream" if stream else "application/json",
    }
    if key:
        headers["Authorization"] = f"Bearer {key}"
    headers.update(extra_headers or {})
    body: dict[str, Any] = {
        "model": model,
        "messages": messages,
        "temperature": temperature,
        "stream": stream,
    }
    if max_tokens:
        body["max_tokens"] = max_tokens
    if json_mode:
        body["response_format"] = {"type": "json_object"}
    if stream:
        body["stream_options"] = {"include_usage": True}
    return f"{base_url}/chat/completions", headers, body


def _duration(text: str | None) -> float | None:
    """Groq's ``2m59.56s`` / ``7.66s`` / ``120ms`` → seconds."""
    if not text:
        return None
    total = 0.0
    found = False
    for value, unit in re.findall(r"([\d.]+)(ms|h|m|s)", text):
        found = True
        total += float(value) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total if found else None


def retry_after(headers: Mapping[str, str], message: str = "") -> float | None:
    """Seconds to wait, from ``Retry-After``, ``x-ratelimit-reset-*`` or the message text."""
    raw = headers.get("retry-after")
    if raw:
        try:
            return max(0.0, float(raw))
        except ValueError:
            pass
    resets = [
        d
        for d in (
            _duration(headers.get("x-ratelimit-reset-requests")),
            _duration(headers.get("x-ratelimit-reset-tokens")),
        )
        if d
    ]
    reset_ms = headers.get("x-ratelimit-reset")  # OpenRouter: epoch milliseconds
    if reset_ms and reset_ms.isdigit():
        return None if not resets else max(resets)
    if resets:
        return max(resets)
    match = re.search(r"try again in ([\dhms.]+)", message)
    return _duration(match[1]) if match else None


def announced_limits(headers: Mapping[str, str]) -> Limits | None:
    """Groq announces its RPD and TPM caps on every answer."""
    rpd = headers.get("x-ratelimit-limit-requests")
    tpm = headers.get("x-ratelimit-limit-tokens")
    if not (rpd or tpm):
        return None
    return Limits(
        rpd=int(rpd) if rpd and rpd.isdigit() else None, tpm=int(tpm) if tpm and tpm.isdigit() else None
    )


_KEY_ECHO = re.compile(r"(api key:?\s*)\S+|\*{2,}\w*|\b(?:sk-or-v1-|sk-|gsk_|AIza)[\w-]{4,}", re.IGNORECASE)


def redact(message: str) -> str:
    """Providers sometimes echo (part of) the key in an error; keep none of it."""
    return _KEY_ECHO.sub(lambda m: (m[1] or "") + "[redacted]", message)


def _error_message(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return redact(str(body["error"].get("message", ""))[:500])
    if isinstance(body, dict) and "error" in body:
        return redact(str(body["error"])[:500])
    return ""


_GONE = re.compile(
    r"decommissioned|model_not_found|model not exist|does not exist|not a valid model id|no endpoints found"
    r'|model "?[^"]*"? not found|no longer (supported|available)',
    re.IGNORECASE,
)


def model_gone(status: int, code: str, message: str) -> bool:
    """The provider's answer says the requested model is not served (any more)."""
    if code in ("model_decommissioned", "model_not_found"):
        return True
    return status in (400, 404, 410) and bool(_GONE.search(message))


def _error_code(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("code") or "")
    return ""


def classify(
    status: int,
    headers: Mapping[str, str],
    body: Any,
    *,
    provider: str,
    fingerprint: str,
    model: str = "",
) -> e.ProviderError:
    """An HTTP error (or an error inside a 200) → the taxonomy."""
    text = _error_message(body) or f"HTTP {status}"
    kw: dict[str, Any] = {"provider": provider, "fingerprint": fingerprint, "status": status}
    lowered = text.lower()
    if model_gone(status, _error_code(body), text):
        return e.ModelRetired(f"model {model or '?'} is not served: {text}", model=model, **kw)
    if status == 429:
        wait = retry_after(headers, text)
        daily = re.search(r"per day|\(rpd\)|\(tpd\)|per-day|free-models-per-day|daily", lowered)
        if daily:
            return e.QuotaExhausted(f"daily quota exhausted: {text}", retry_after=wait, **kw)
        return e.RateLimited(f"rate limited: {text}", retry_after=wait, **kw)
    if status in (401, 403) and not ("moderation" in lowered or "flagged" in lowered):
        return e.KeyInvalid(f"key rejected ({status}): {text}", hint="check or replace this key", **kw)
    if status == 402:
        return e.PaymentRequired(f"payment required: {text}", hint="add credits or use another key", **kw)
    if status == 403:
        return e.ContentBlocked(f"input flagged: {text}", **kw)
    if status in (400, 404, 413, 422):
        return e.BadRequest(f"request refused ({status}): {text}", **kw)
    if status == 408 or status >= 500:
        return e.ProviderDown(f"provider error ({status}): {text}", **kw)
    return e.ProviderDown(f"unexpected HTTP {status}: {text}", **kw)


def error_body(raw: str) -> Any:
    """An error answer's JSON, or ``None`` when it has none (an HTML 502 page, an empty body)."""
    try:
        return json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError:
        return None


def stream_event(data: str, *, provider: str, fingerprint: str) -> dict[str, Any]:
    """One SSE ``data:`` payload as a JSON object, or a MalformedResponse."""
    try:
        event = json.loads(data)
    except json.JSONDecodeError as exc:
        raise e.MalformedResponse(
            "a stream event is not JSON", provider=provider, fingerprint=fingerprint
        ) from exc
    if not isinstance(event, dict):
        raise e.MalformedResponse(
            "a stream event is not a JSON object", provider=provider, fingerprint=fingerprint
        )
    return event


def parse_body(raw: str, *, provider: str, fingerprint: str, status: int = 200) -> Any:
    """JSON after any blank keep-alive lines (DeepSeek under load)."""
    stripped = raw.strip()
    if not stripped:
        raise e.MalformedResponse("empty body", provider=provider, fingerprint=fingerprint, status=status)
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        why = "truncated" if exc.pos >= len(stripped) - 1 else f"not JSON ({exc.msg})"
        raise e.MalformedResponse(
            f"body is {why}", provider=provider, fingerprint=fingerprint, status=status
        ) from exc


def parse_response(
    status: int, headers: Mapping[str, str], raw: str, *, provider: str, fingerprint: str, model: str = ""
) -> Answer:
    content_type = headers.get("content-type", "")
    if status >= 400:
        raise classify(
            status, headers, error_body(raw), provider=provider, fingerprint=fingerprint, model=model
        )
    if "json" not in content_type:
        raise e.MalformedResponse(
            f"expected JSON, got content type {content_type or 'none'!r}",
            provider=provider,
            fingerprint=fingerprint,
            status=status,
        )
    body = parse_body(raw, provider=provider, fingerprint=fingerprint)
    if isinstance(body, dict) and "error" in body:  # OpenRouter: an error after generation started
        err_status = body["error"].get("code") if isinstance(body["error"], dict) else None
        raise classify(
            int(err_status) if isinstance(err_status, int) else 502,
            headers,
            body,
            provider=provider,
            fingerprint=fingerprint,
            model=model,
        )
    try:
        choice = body["choices"][0]
        text = choice["message"]["content"] or ""
        usage = body.get("usage") or {}
    except (KeyError, IndexError, TypeError) as exc:
        raise e.MalformedResponse(
            "no choices[0].message.content in the answer", provider=provider, fingerprint=fingerprint
        ) from exc
    finish = str(choice.get("finish_reason") or "")
    if finish == "content_filter":
        raise e.ContentBlocked(
            "the answer was withheld by the content filter", provider=provider, fingerprint=fingerprint
        )
    return Answer(
        text=text,
        input_tokens=int(usage.get("prompt_tokens") or 0),
        output_tokens=int(usage.get("completion_tokens") or 0),
        cached_tokens=cached_tokens(usage),
        finish_reason=normal_finish(finish),
        model=str(body.get("model", "")),
        limits=announced_limits(headers),
    )


def normal_finish(reason: str) -> str:
    """Every provider's word for an answer cut at the output limit becomes ``length``."""
    return "length" if reason.lower() in ("length", "max_tokens", "max_output_tokens") else reason.lower()


def parse_stream_event(
    data: str, *, provider: str, fingerprint: str
) -> tuple[str, dict[str, int] | None, str]:
    """One SSE ``data:`` payload → (text delta, usage if present, finish reason)."""
    event = stream_event(data, provider=provider, fingerprint=fingerprint)
    if "error" in event:
        code = event["error"].get("code") if isinstance(event["error"], dict) else None
        raise classify(
            int(code) if isinstance(code, int) else 502, {}, event, provider=provider, fingerprint=fingerprint
        )
    delta = ""
    finish = ""
    if event.get("choices"):
        choice = event["choices"][0]
        delta = (choice.get("delta") or {}).get("content") or ""
        finish = normal_finish(choice.get("finish_reason") or "")
    usage = event.get("usage")
    tokens = (
        {
            "input": int(usage.get("prompt_tokens") or 0),
            "output": int(usage.get("completion_tokens") or 0),
            "cached": cached_tokens(usage),
        }
        if usage
        else None
    )
    return delta, tokens, finish


def cached_tokens(usage: Mapping[str, Any]) -> int:
    """Cached input tokens: OpenAI's and Groq's ``prompt_tokens_details.cached_tokens``,
    DeepSeek's ``prompt_cache_hit_tokens``."""
    details = usage.get("prompt_tokens_details") or {}
    return int(
        (details.get("cached_tokens") if isinstance(details, dict) else 0)
        or usage.get("prompt_cache_hit_tokens")
        or 0
    )
