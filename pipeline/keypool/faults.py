"""What a failed call means for the key that made it, in the key pool's own words.

Providers classify their errors; each error carries one of these as ``key_fault`` (and a
``retry_after`` in seconds where the provider gave one). The pool reads only these two
attributes, so it knows nothing of the providers above it.
"""

from __future__ import annotations

from typing import Literal

KeyFault = Literal["rate_limited", "quota_exhausted", "key_invalid", "payment_required", "failure"]
"""rate_limited: cool the key's group until the retry time; quota_exhausted: until the
provider's day ends; key_invalid / payment_required: retire the key; failure: count it for the
key's circuit breaker."""
