"""The API's signature on a request it forwards to a worker's preview host.

A worker's preview host serves whatever preview it is asked for, so it answers only the API: each
request carries an HMAC-SHA256, under a secret the API and the workers share, of its method, its
path and query, the job id and the time; a request older than ``WINDOW_S`` (or from the future by
as much) is refused, so a captured one is not replayed for long.

The secret is ``PIPELINE_PREVIEW_SECRET`` when set (set it, the same on every host, whenever a
preview host listens beyond loopback); otherwise the first process to need it makes a random one
and shares it through Redis, which every API process and worker trusts already.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from typing import Any

TIME_HEADER = "x-pipeline-preview-time"
SIGNATURE_HEADER = "x-pipeline-preview-signature"
WINDOW_S = 30.0
SECRET_KEY = "pipeline:previews:secret"


async def shared_secret(redis: Any) -> bytes:
    """The preview secret: the environment's, else the one shared through Redis (made once)."""
    configured = os.environ.get("PIPELINE_PREVIEW_SECRET", "")
    if configured:
        return configured.encode()
    await redis.set(SECRET_KEY, secrets.token_hex(32), nx=True)
    return str(await redis.get(SECRET_KEY)).encode()


def _mac(secret: bytes, method: str, target: str, job_id: str, stamp: str) -> str:
    text = "\n".join((method.upper(), target, job_id, stamp))
    return hmac.new(secret, text.encode("latin-1"), hashlib.sha256).hexdigest()


def sign(
    secret: bytes, method: str, target: str, job_id: str, now: float | None = None
) -> list[tuple[str, str]]:
    """The headers that sign a request for ``target`` (its path and ``?query``)."""
    stamp = f"{now if now is not None else time.time():.3f}"
    return [(TIME_HEADER, stamp), (SIGNATURE_HEADER, _mac(secret, method, target, job_id, stamp))]


def verify(secret: bytes, method: str, target: str, job_id: str, headers: dict[str, str]) -> bool:
    """Whether the headers sign this request, now."""
    stamp, given = headers.get(TIME_HEADER, ""), headers.get(SIGNATURE_HEADER, "")
    try:
        age = abs(time.time() - float(stamp))
    except ValueError:
        return False
    if not given or age > WINDOW_S:
        return False
    return hmac.compare_digest(given, _mac(secret, method, target, job_id, stamp))


def target_of(scope: Any) -> str:
    """A request's path as sent (still percent-encoded) and its query."""
    path = str((scope.get("raw_path") or scope["path"].encode()).decode("latin-1"))
    query = str(scope.get("query_string", b"").decode("latin-1"))
    return path + (f"?{query}" if query else "")
