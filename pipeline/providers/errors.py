"""What can go wrong when a provider is asked, in one taxonomy for every provider.

    ProviderError (pipeline.errors.PipelineError)
    ├── ProviderUnavailable   no key configured / provider disabled: skip to the next link
    ├── RateLimited           429 for a window: cool the key's group until ``retry_after``
    │   └── QuotaExhausted    the day's quota is spent: cool until the provider's daily reset
    ├── KeyInvalid            401/403 or the provider's bad-key answer: retire the key
    ├── PaymentRequired       402, credits are gone: retire the key for the run
    ├── BadRequest            400: our request is wrong; another key would not help
    ├── ProviderDown          5xx, timeouts, connection errors: retry elsewhere, count for the breaker
    ├── MalformedResponse     the body is not what the API documents (truncated, wrong type)
    └── ContentBlocked        the provider refused to answer (SAFETY) or cut the answer (MAX_TOKENS)

``action`` tells the router what to do next: ``next_key``, ``next_provider`` or ``fail``.
"""

from __future__ import annotations

from typing import Literal

from pipeline.errors import PipelineError

Action = Literal["next_key", "next_provider", "fail"]


class ProviderError(PipelineError):
    kind = "provider_error"
    action: Action = "next_key"

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        fingerprint: str = "",
        status: int | None = None,
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        who = " ".join(x for x in (provider, f"key {fingerprint}" if fingerprint else "") if x)
        super().__init__(f"{who}: {message}" if who else message, hint=hint)
        self.provider = provider
        self.fingerprint = fingerprint
        self.status = status
        self.retry_after = retry_after
        """Seconds until the provider accepts this key (or its group) again."""


class ProviderUnavailable(ProviderError):
    kind = "unavailable"
    action: Action = "next_provider"


class RateLimited(ProviderError):
    kind = "rate_limited"


class QuotaExhausted(RateLimited):
    kind = "quota_exhausted"


class KeyInvalid(ProviderError):
    kind = "key_invalid"


class PaymentRequired(ProviderError):
    kind = "payment_required"


class BadRequest(ProviderError):
    kind = "bad_request"
    action: Action = "next_provider"


class ProviderDown(ProviderError):
    kind = "provider_down"


class MalformedResponse(ProviderError):
    kind = "malformed_response"


class ContentBlocked(ProviderError):
    kind = "content_blocked"
    action: Action = "next_provider"
