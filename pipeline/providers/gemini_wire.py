"""Gemini's ``generateContent`` wire format. Pure functions, as in ``openai_wire``.

- The key goes in the ``x-goog-api-key`` header; the system prompt in ``systemInstruction``;
  JSON mode is ``generationConfig.responseMimeType = "application/json"``.
- Usage comes from ``usageMetadata`` (``promptTokenCount``, ``candidatesTokenCount``).
- Errors are ``{"error": {"code", "message", "status", "details": [...]}}``. A 429 sends no
  Retry-After header: the delay is in a ``google.rpc.RetryInfo`` detail (``"retryDelay": "32s"``)
  and the quota that ran out in ``google.rpc.QuotaFailure`` (a ``quotaId`` naming PerDay or
  PerMinute). A bad key is HTTP 400 ``API_KEY_INVALID``, not 401.
- ``finishReason`` SAFETY, RECITATION, PROHIBITED_CONTENT… and ``promptFeedback.blockReason``
  mean the answer was withheld; MAX_TOKENS means it was cut: the text so far is kept and the
  finish reason is ``length``, so the agent continues it.
- A shut-down or unknown model is 404 ``NOT_FOUND`` ("models/x is not found for API version
  v1beta, or is not supported for generateContent"): ``ModelRetired``.
- ``models.list`` (``GET /models``) pages through ``{"models": [{"name": "models/x", ...}],
  "nextPageToken"}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pipeline.providers import errors as e
from pipeline.providers.openai_wire import Answer, error_body, parse_body, redact, stream_event

BLOCKED = {
    "SAFETY",
    "RECITATION",
    "BLOCKLIST",
    "PROHIBITED_CONTENT",
    "SPII",
    "IMAGE_SAFETY",
    "LANGUAGE",
    "OTHER",
}


def build_request(
    base_url: str,
    key: str,
    model: str,
    system: str,
    messages: list[dict[str, str]],
    *,
    json_mode: bool,
    stream: bool,
    max_tokens: int | None,
    temperature: float,
) -> tuple[str, dict[str, str], dict[str, Any]]:
    method = "streamGenerateContent?alt=sse" if stream else "generateContent"
    headers = {"Content-Type": "application/json", "x-goog-api-key": key}
    contents = [
        {"role": "model" if m["role"] == "assistant" else "user", "parts": [{"text": m["content"]}]}
        for m in messages
    ]
    config: dict[str, Any] = {"temperature": temperature}
    if max_tokens:
        config["maxOutputTokens"] = max_tokens
    if json_mode:
        config["responseMimeType"] = "application/json"
    body: dict[str, Any] = {"contents": contents, "generationConfig": config}
    if system:
        body["systemInstruction"] = {"parts": [{"text": system}]}
    return f"{base_url}/models/{model}:{method}", headers, body


def _seconds(text: str) -> float | None:
    match = re.fullmatch(r"([\d.]+)s", text.strip())
    return float(match[1]) if match else None


def classify(status: int, body: Any, *, provider: str, fingerprint: str, model: str = "") -> e.ProviderError:
    err = body.get("error", {}) if isinstance(body, dict) else {}
    message = redact(str(err.get("message", ""))) or f"HTTP {status}"
    details = err.get("details") or []
    kw: dict[str, Any] = {"provider": provider, "fingerprint": fingerprint, "status": status}
    if status == 404 and ("models/" in message or (err.get("status") == "NOT_FOUND" and model)):
        return e.ModelRetired(f"model {model or '?'} is not served: {message}", model=model, **kw)
    reasons = {str(d.get("reason", "")) for d in details if isinstance(d, dict)}
    if status == 429:
        delay = None
        daily = False
        for detail in details:
            kind = str(detail.get("@type", ""))
            if kind.endswith("google.rpc.RetryInfo"):
                delay = _seconds(str(detail.get("retryDelay", "")))
            if kind.endswith("google.rpc.QuotaFailure"):
                for violation in detail.get("violations", []):
                    if "PerDay" in str(violation.get("quotaId", "")):
                        daily = True
        if daily:
            return e.QuotaExhausted(f"daily quota exhausted: {message}", retry_after=delay, **kw)
        return e.RateLimited(f"rate limited: {message}", retry_after=delay, **kw)
    if "API_KEY_INVALID" in reasons or status in (401, 403) or "API key not valid" in message:
        return e.KeyInvalid(f"key rejected ({status}): {message}", hint="check or replace this key", **kw)
    if status in (400, 404, 413):
        return e.BadRequest(f"request refused ({status}): {message}", **kw)
    if status >= 500 or status == 408:
        return e.ProviderDown(f"provider error ({status}): {message}", **kw)
    return e.ProviderDown(f"unexpected HTTP {status}: {message}", **kw)


def _candidate_text(body: dict[str, Any], *, provider: str, fingerprint: str, final: bool) -> tuple[str, str]:
    feedback = body.get("promptFeedback") or {}
    if feedback.get("blockReason"):
        raise e.ContentBlocked(
            f"the prompt was blocked ({feedback['blockReason']})", provider=provider, fingerprint=fingerprint
        )
    candidates = body.get("candidates")
    if not candidates:
        if final:
            raise e.MalformedResponse(
                "the answer has no candidates", provider=provider, fingerprint=fingerprint
            )
        return "", ""
    candidate = candidates[0]
    finish = str(candidate.get("finishReason") or "")
    if finish in BLOCKED:
        raise e.ContentBlocked(
            f"the answer was withheld (finishReason {finish})", provider=provider, fingerprint=fingerprint
        )
    if finish == "MAX_TOKENS":
        finish = "length"  # cut at the output limit: keep the text, the agent continues it
    parts = (candidate.get("content") or {}).get("parts") or []
    return "".join(str(p.get("text", "")) for p in parts if not p.get("thought")), finish


def parse_response(
    status: int, headers: Mapping[str, str], raw: str, *, provider: str, fingerprint: str, model: str = ""
) -> Answer:
    if status >= 400:
        raise classify(status, error_body(raw), provider=provider, fingerprint=fingerprint, model=model)
    if "json" not in headers.get("content-type", ""):
        raise e.MalformedResponse(
            f"expected JSON, got content type {headers.get('content-type') or 'none'!r}",
            provider=provider,
            fingerprint=fingerprint,
        )
    body = parse_body(raw, provider=provider, fingerprint=fingerprint)
    if not isinstance(body, dict):
        raise e.MalformedResponse(
            "the answer is not a JSON object", provider=provider, fingerprint=fingerprint
        )
    text, finish = _candidate_text(body, provider=provider, fingerprint=fingerprint, final=True)
    usage = body.get("usageMetadata") or {}
    return Answer(
        text=text,
        input_tokens=int(usage.get("promptTokenCount") or 0),
        output_tokens=int(usage.get("candidatesTokenCount") or 0),
        cached_tokens=int(usage.get("cachedContentTokenCount") or 0),
        finish_reason=finish.lower(),
        model=str(body.get("modelVersion", "")),
    )


def parse_stream_event(
    data: str, *, provider: str, fingerprint: str
) -> tuple[str, dict[str, int] | None, str]:
    body = stream_event(data, provider=provider, fingerprint=fingerprint)
    if "error" in body:
        raise classify(int(body["error"].get("code", 500)), body, provider=provider, fingerprint=fingerprint)
    text, finish = _candidate_text(body, provider=provider, fingerprint=fingerprint, final=False)
    finish = finish.lower()
    usage = body.get("usageMetadata")
    tokens = (
        {
            "input": int(usage.get("promptTokenCount") or 0),
            "output": int(usage.get("candidatesTokenCount") or 0),
            "cached": int(usage.get("cachedContentTokenCount") or 0),
        }
        if usage
        else None
    )
    return text, tokens, finish
