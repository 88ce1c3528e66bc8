"""Sizing a call to the model: ``max_tokens`` that fits the context, the model's output limit
and the key's tokens per minute. Pure arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.tokens import estimate

__all__ = ["MARGIN", "Room", "estimate", "max_tokens_for", "prompt_budget"]

MARGIN = 64
"""Tokens left unused: our estimate of the prompt is characters / 4, not the model's tokenizer."""


@dataclass(frozen=True)
class Room:
    context: int
    max_output: int
    tpm: int | None = None


def max_tokens_for(prompt_tokens: int, room: Room, *, desired: int, minimum: int) -> int | None:
    """The answer size to ask for, or ``None`` when not even ``minimum`` fits."""
    space = room.context - prompt_tokens - MARGIN
    if room.tpm:
        space = min(space, room.tpm - prompt_tokens - MARGIN)
    size = min(desired, room.max_output, space)
    return size if size >= minimum else None


def prompt_budget(room: Room, *, answer: int) -> int:
    """The largest prompt that still leaves ``answer`` tokens to answer in."""
    space = room.context
    if room.tpm:
        space = min(space, room.tpm)
    return max(0, space - min(answer, room.max_output) - MARGIN)
