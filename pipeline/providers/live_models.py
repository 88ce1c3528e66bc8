"""The providers' live model lists, and picking a free code model from OpenRouter's.

- OpenAI-compatible: ``GET {base}/models`` → ``{"data": [{"id": ...}, ...]}``; OpenRouter adds
  ``context_length`` and ``pricing`` (``{"prompt": "0", "completion": "0"}`` for free models).
- Gemini ``models.list``: ``GET {base}/models?pageSize=1000`` → ``{"models": [{"name":
  "models/gemini-…", "supportedGenerationMethods": [...]}], "nextPageToken"}``.

Listing models uses no generation quota, so a key is borrowed from the pool without a lease.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx

from pipeline.providers import errors as e
from pipeline.providers import gemini_wire, openai_wire


@dataclass(frozen=True)
class LiveModel:
    id: str
    context: int | None = None
    free: bool = False


def _openai_models(body: Any) -> list[LiveModel]:
    found: list[LiveModel] = []
    for item in body.get("data", []) if isinstance(body, dict) else []:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        pricing = item.get("pricing") or {}
        free = str(item["id"]).endswith(":free") or (
            bool(pricing) and _zero(pricing.get("prompt")) and _zero(pricing.get("completion"))
        )
        context = item.get("context_length")
        found.append(LiveModel(str(item["id"]), int(context) if isinstance(context, int) else None, free))
    return found


def _zero(value: Any) -> bool:
    try:
        return float(value) == 0.0
    except (TypeError, ValueError):
        return False


def _gemini_models(body: Any) -> list[LiveModel]:
    found: list[LiveModel] = []
    for item in body.get("models", []) if isinstance(body, dict) else []:
        methods = item.get("supportedGenerationMethods") or []
        if "generateContent" not in methods:
            continue
        limit = item.get("inputTokenLimit")
        found.append(
            LiveModel(
                str(item.get("name", "")).removeprefix("models/"), limit if isinstance(limit, int) else None
            )
        )
    return found


async def list_models(
    provider: str, base_url: str, key: str | None, *, fingerprint: str = "", timeout_s: float = 20.0
) -> list[LiveModel]:
    """The models the provider serves now. Errors are the usual taxonomy (a bad key is KeyInvalid)."""
    headers: dict[str, str] = {"Accept": "application/json"}
    params: dict[str, str] = {}
    if provider == "gemini":
        headers["x-goog-api-key"] = key or ""
        params["pageSize"] = "1000"
    elif key:
        headers["Authorization"] = f"Bearer {key}"
    models: list[LiveModel] = []
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(timeout_s, connect=10.0)) as client:
            while True:
                response = await client.get(f"{base_url}/models", headers=headers, params=params)
                if response.status_code >= 400:
                    body = openai_wire.error_body(response.text)
                    if provider == "gemini":
                        raise gemini_wire.classify(
                            response.status_code, body, provider=provider, fingerprint=fingerprint
                        )
                    raise openai_wire.classify(
                        response.status_code,
                        response.headers,
                        body,
                        provider=provider,
                        fingerprint=fingerprint,
                    )
                body = openai_wire.parse_body(response.text, provider=provider, fingerprint=fingerprint)
                if provider != "gemini":
                    return _openai_models(body)
                models.extend(_gemini_models(body))
                token = body.get("nextPageToken") if isinstance(body, dict) else None
                if not token:
                    return models
                params["pageToken"] = str(token)
    except httpx.TransportError as exc:
        raise e.ProviderDown(
            f"model list unreachable ({type(exc).__name__})", provider=provider, fingerprint=fingerprint
        ) from exc


# Families that write code well enough for BACKEND and UIX, best first.
_CODE_FAMILIES = (
    r"coder",
    r"gpt-oss-120b",
    r"deepseek",
    r"qwen3",
    r"kimi",
    r"glm",
    r"gpt-oss",
    r"llama-4",
    r"mistral",
)


def pick_free_model(models: list[LiveModel], *, min_context: int = 32_000) -> str | None:
    """A currently free, code-capable model: the best-ranked family, then the longest context."""
    free = [m for m in models if m.free and (m.context or min_context) >= min_context]

    def rank(m: LiveModel) -> tuple[int, int]:
        family = next(
            (i for i, pattern in enumerate(_CODE_FAMILIES) if re.search(pattern, m.id, re.IGNORECASE)),
            len(_CODE_FAMILIES),
        )
        return (family, -(m.context or 0))

    ranked = sorted((m for m in free if rank(m)[0] < len(_CODE_FAMILIES)), key=rank)
    return ranked[0].id if ranked else None
