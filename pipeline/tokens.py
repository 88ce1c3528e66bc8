"""Counting tokens without the model's tokenizer: about four characters a token. Used to size a
call before it is made and to count a call whose provider reported no usage (marked estimated)."""

from __future__ import annotations

PER_MESSAGE = 4
"""Tokens a chat message costs beyond its text (role and separators)."""


def estimate(text: str) -> int:
    """Tokens in one message's text."""
    return len(text) // 4 + PER_MESSAGE
