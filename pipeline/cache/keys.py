"""Cache keys: pure functions."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

# Words that change how a request is said, not what it asks for.
_FILLER = re.compile(
    r"\b(please|pls|kindly|can|could|would|you|i|we|want|need|like|to|me|us|for|build|make|create|generate|write|"
    r"develop|code|design|give|set|up|an?|the|simple|small|basic|quick|little|nice|app|application|web|website|"
    r"webapp|tool|system)\b"
)


def normalize_request(prompt: str) -> str:
    """``"Please build me a TODO app!"`` and ``"todo"`` are the same request."""
    folded = unicodedata.normalize("NFKD", prompt).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"\bto[\s-]+do(s?)\b", r"todo\1", folded)
    words = re.sub(r"[^a-z0-9]+", " ", folded)
    stripped = _FILLER.sub(" ", words)
    return " ".join(stripped.split()) or " ".join(words.split())


def agent_key(agent: str, chain: str, prompt_version: str, payload: Any) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(f"{agent}\x00{chain}\x00{prompt_version}\x00{body}".encode()).hexdigest()
    return f"{agent}:{digest[:40]}"
