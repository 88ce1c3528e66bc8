"""What can go wrong when a provider is asked, in one taxonomy for every provider.

    ProviderError (pipeline.errors.PipelineError)
    ├── ProviderUnavailable   no key configured / provider disabled: skip to the next link
    ├── RateLimited           429 for a window: cool the key's group until ``retry_after``
    │   └── QuotaExhausted    the day's quota is spent: cool until the provider's daily reset
    ├── KeyInvalid            401/403 or the provider's bad-key answer: retire the key
    ├── PaymentRequired       402, credits are gone: retire the key for the run
    ├── BadRequest            400: our request is wrong; another key would not help
    │   └── ModelRetired      the provider says the model is gone (Groq model_decommissioned, 404…)
    ├── ProviderDown          5xx, timeouts, connection errors: retry elsewhere, count for the breaker
    ├── MalformedResponse     the body is not what the API documents (truncated, wrong type)
    ├── StreamStalled         no first token, or silence mid-stream, past its timeout
    └── ContentBlocked        the provider refused to answer (SAFETY, content filter)

``action`` tells the router what to do next: ``next_key``, ``next_provider`` or ``fail``.
``key_fault`` is what the error means for the key that made the call; the key pool reads it
(and ``retry_after``) without knowing this module, so the arrows keep pointing down the road.
"""

from __future__ import annotations

from typing import Any, Literal

from pipeline.errors import PipelineError
from pipeline.keypool.faults import KeyFault

Action = Literal["next_key", "next_provider", "fail"]


class ProviderError(PipelineError):
    kind = "provider_error"
    action: Action = "next_key"
    key_fault: KeyFault | None = None

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
    key_fault: KeyFault | None = "rate_limited"


class QuotaExhausted(RateLimited):
    kind = "quota_exhausted"
    key_fault: KeyFault | None = "quota_exhausted"


class KeyInvalid(ProviderError):
    kind = "key_invalid"
    key_fault: KeyFault | None = "key_invalid"


class PaymentRequired(ProviderError):
    kind = "payment_required"
    key_fault: KeyFault | None = "payment_required"


class BadRequest(ProviderError):
    kind = "bad_request"
    action: Action = "next_provider"


class ModelRetired(BadRequest):
    """The provider no longer serves this model. Not the key's fault: every key would get
    the same answer, so the link is skipped (for 24 h, for every agent) instead of retried."""

    kind = "model_retired"

    def __init__(self, message: str, *, model: str = "", replacement: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.model = model
        self.replacement = replacement


class StreamStalled(ProviderError):
    """A stream sent no first token, or went quiet, for longer than its timeout. A provider
    failure (retried elsewhere, counted for the breaker), never an empty answer."""

    kind = "stream_stalled"
    key_fault: KeyFault | None = "failure"


class ProviderDown(ProviderError):
    kind = "provider_down"
    key_fault: KeyFault | None = "failure"


class MalformedResponse(ProviderError):
    kind = "malformed_response"
    key_fault: KeyFault | None = "failure"


class ContentBlocked(ProviderError):
    kind = "content_blocked"
    action: Action = "next_provider"
