"""Signing in safely, for accounts and for the owner alike: passwords hashed by scrypt with a
salt each, the same work whether or not the email is known (so timing tells nothing), a bound
on how many hashes run at once (scrypt takes memory), and a throttle on failed attempts per
account and per client that answers 429 with ``Retry-After``."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
SCRYPT_MEMORY = 128 * SCRYPT["n"] * SCRYPT["r"] * SCRYPT["p"]
"""Bytes one hash takes (16 MiB): scrypt's memory is 128·n·r·p."""
HASHES_AT_ONCE = 4
"""At most this many hashes run together (64 MiB), however many logins arrive: the app keeps
well inside a 512 MiB limit while a crowd signs in; the others wait their turn."""
_HASHING = threading.BoundedSemaphore(HASHES_AT_ONCE)


def _fewer_malloc_arenas() -> None:
    """Under an address-space limit (``ulimit -v``; the preview's sandbox sets one), glibc's
    per-thread malloc arenas (64 MiB of address space each, one per request thread) use it up
    long before memory runs out, and scrypt's 16 MiB then fails: two arenas serve this app."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(-8, 2)  # M_ARENA_MAX (glibc; elsewhere there is no such call)


_fewer_malloc_arenas()


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    with _HASHING:
        digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=2 * SCRYPT_MEMORY, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


_DUMMY = hash_password(secrets.token_urlsafe(16))
"""Checked against when the email is unknown: the answer takes as long as for a known one."""


def password_matches(password: str, stored: str | None) -> bool:
    """Whether ``password`` is the one ``stored`` was made from; with ``stored`` None (no such
    account) the same scrypt runs against a dummy and the answer is False."""
    _, salt, _ = (stored or _DUMMY).split("$")
    same = hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored or _DUMMY)
    return same and stored is not None


def _setting(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass
class Throttle:
    """Failed attempts in a sliding window, per key (an account, a client)."""

    limit: int
    window_s: float
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: now)."""
        with self._lock:
            recent = self._recent(key, time.monotonic())
            if len(recent) < self.limit:
                return 0
            return max(1, int(recent[0] + self.window_s - time.monotonic()) + 1)

    def note(self, key: str) -> None:
        """One more attempt (a failed login, a registration) counted against ``key``."""
        with self._lock:
            self._recent(key, time.monotonic()).append(time.monotonic())

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(key, deque())
        while recent and recent[0] <= now - self.window_s:
            recent.popleft()
        if len(self._failures) > 100_000:  # a flood of keys: drop those with nothing recent
            for stale in [k for k, v in self._failures.items() if k != key and (not v or v[-1] <= now - self.window_s)]:
                del self._failures[stale]
        return recent


@dataclass
class Throttles:
    """The app's throttles (``LOGIN_FAILURES_PER_ACCOUNT``, ``LOGIN_FAILURES_PER_CLIENT`` in a
    ``LOGIN_WINDOW_SECONDS`` window; ``REGISTRATIONS_PER_CLIENT`` an hour)."""

    account: Throttle
    client: Throttle
    registrations: Throttle

    @classmethod
    def from_settings(cls) -> Throttles:
        window = _setting("LOGIN_WINDOW_SECONDS", 900)
        return cls(
            account=Throttle(_setting("LOGIN_FAILURES_PER_ACCOUNT", 5), window),
            client=Throttle(_setting("LOGIN_FAILURES_PER_CLIENT", 20), window),
            registrations=Throttle(_setting("REGISTRATIONS_PER_CLIENT", 20), 3600),
        )


def throttles(request: Request) -> Throttles:
    """This app's throttles (kept on the app, so each app and each test starts afresh)."""
    state = request.app.state
    if getattr(state, "throttles", None) is None:
        state.throttles = Throttles.from_settings()
    found: Throttles = state.throttles
    return found


def client_of(request: Request) -> str:
    """The caller's address (behind a proxy: the proxy's, unless uvicorn runs with
    ``--proxy-headers`` and ``--forwarded-allow-ips`` naming it)."""
    return request.client.host if request.client else "unknown"


def too_many(wait_s: int) -> HTTPException:
    return HTTPException(
        status_code=429,
        detail=f"too many attempts: try again in {wait_s} s",
        headers={"Retry-After": str(wait_s)},
    )


def check_password(request: Request, scope: str, email: str, stored: str | None, password: str) -> bool:
    """A throttled password check: 429 while the account or the client has failed too often
    (before any hashing), else whether the password matches, counting a failure."""
    limits = throttles(request)
    account, client = f"{scope}:{email}", f"{scope}:{client_of(request)}"
    wait = max(limits.account.wait_s(account), limits.client.wait_s(client))
    if wait:
        raise too_many(wait)
    if password_matches(password, stored):
        limits.account.forget(account)
        return True
    limits.account.note(account)
    limits.client.note(client)
    return False
