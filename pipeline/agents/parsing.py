"""Getting one JSON object out of an LLM's answer.

Models wrap JSON in prose, in fences, forget the closing fence, or stop half-way.
``extract_json`` takes the first complete top-level object it can find and says
clearly what was wrong when there is none, so the agent can ask again with that message.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pipeline.errors import PipelineError


class ParseError(PipelineError):
    """The answer holds no usable artifact; ``message`` is fed back to the model."""


_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)(?:```|$)", re.DOTALL)


def extract_json(text: str) -> dict[str, Any]:
    if not text or not text.strip():
        raise ParseError("the answer was empty")
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    last_error = "no JSON object found in the answer"
    for candidate in candidates:
        start = candidate.find("{")
        while start != -1:
            try:
                value, _ = json.JSONDecoder().raw_decode(candidate, start)
            except json.JSONDecodeError as exc:
                last_error = _describe(exc, candidate)
                start = candidate.find("{", start + 1) if exc.pos <= start + 1 else -1
                continue
            if isinstance(value, dict):
                return value
            start = candidate.find("{", start + 1)
    raise ParseError(last_error)


def _describe(exc: json.JSONDecodeError, text: str) -> str:
    if exc.pos >= len(text.rstrip()) - 1:
        return "the JSON object is cut off before its end (the answer looks truncated)"
    return f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"


def json_incomplete(text: str) -> bool:
    """A JSON answer that stopped before its last brace (cut at the output limit)."""
    start = text.find("{")
    if start == -1:
        return False
    depth = 0
    in_string = escaped = False
    for ch in text[start:]:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return False
    return depth > 0
