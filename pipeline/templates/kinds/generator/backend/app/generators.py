"""Generators drawing on the operating system's randomness (``secrets``): passwords with every
character class asked for, and numbers in a range. Nothing generated is stored."""

from __future__ import annotations

import math
import secrets
import string
from typing import Any

from app.rules import Invalid

SYMBOLS = "!#$%&*+-=?@^_~"


def alphabet(digits: bool, symbols: bool) -> list[str]:
    """The character classes a password draws from."""
    classes = [string.ascii_lowercase, string.ascii_uppercase]
    if digits:
        classes.append(string.digits)
    if symbols:
        classes.append(SYMBOLS)
    return classes


def entropy_bits(length: int, pool: int) -> float:
    """How many bits a uniformly drawn password of ``length`` characters from ``pool`` holds."""
    return round(length * math.log2(pool), 1)


def password(length: int, classes: list[str]) -> str:
    pool = "".join(classes)
    while True:  # redraw until every class is present (rare for real lengths)
        chars = [secrets.choice(pool) for _ in range(length)]
        if all(any(c in cls for c in chars) for cls in classes):
            return "".join(chars)


def passwords(length: int, count: int, digits: bool, symbols: bool) -> list[dict[str, Any]]:
    if not 8 <= length <= 128:
        raise Invalid("a password is 8 to 128 characters")
    classes = alphabet(digits, symbols)
    bits = entropy_bits(length, len("".join(classes)))
    return [{"password": password(length, classes), "entropy_bits": bits} for _ in range(max(1, min(count, 20)))]


def numbers(low: int, high: int, count: int, unique: bool) -> dict[str, Any]:
    if low > high:
        raise Invalid("low must not be above high")
    span = high - low + 1
    if unique and count > span:
        raise Invalid(f"only {span} different numbers lie in that range")
    if unique:
        drawn = secrets.SystemRandom().sample(range(low, high + 1), count)
    else:
        drawn = [low + secrets.randbelow(span) for _ in range(count)]
    return {"low": low, "high": high, "numbers": drawn}
