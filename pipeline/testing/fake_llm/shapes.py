"""Provider-shaped bodies: Gemini's and the OpenAI-compatible answers, streams, 429s with each
provider's retry hint, errors, "model gone" answers and model listings, as the providers send them."""

from __future__ import annotations

import time
from typing import Any


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
