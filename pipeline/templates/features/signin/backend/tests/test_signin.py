"""Signing in: the same scrypt work whether or not the account exists, hashes that fit in memory
however many people sign in at once, and a throttle that forgets after its window."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

import pytest

from app import signin


def test_an_unknown_account_costs_the_same_hash_as_a_known_one(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = signin.hash_password("correct horse")
    calls: list[int] = []
    real = hashlib.scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        calls.append(kwargs["n"])
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    assert signin.password_matches("correct horse", stored) and not signin.password_matches("guess", stored)
    assert not signin.password_matches("correct horse", None)
    assert calls == [signin.SCRYPT["n"]] * 3


def test_hashes_running_at_once_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    assert signin.SCRYPT_MEMORY * signin.HASHES_AT_ONCE <= 64 * 1024 * 1024
    running, peak, lock = [0], [0], threading.Lock()
    real = hashlib.scrypt

    def watched(*args: Any, **kwargs: Any) -> bytes:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(hashlib, "scrypt", watched)
    crowd = [threading.Thread(target=signin.hash_password, args=("words",)) for _ in range(12)]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join()
    assert peak[0] == signin.HASHES_AT_ONCE


def test_the_throttle_counts_per_key_and_forgets_after_its_window() -> None:
    throttle = signin.Throttle(limit=2, window_s=0.3)
    throttle.note("a")
    assert throttle.wait_s("a") == 0
    throttle.note("a")
    assert throttle.wait_s("a") >= 1 and throttle.wait_s("b") == 0
    time.sleep(0.35)
    assert throttle.wait_s("a") == 0
