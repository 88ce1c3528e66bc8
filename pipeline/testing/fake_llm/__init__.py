"""A fake provider that speaks Gemini's and the OpenAI-compatible providers' wire formats.

    python -m pipeline fake-llm --port 8765 [--latency 0.2] [--rpm 30]

Base URLs (``PIPELINE_<PROVIDER>_BASE_URL``) for a server on port P:
    gemini      http://127.0.0.1:P/gemini/v1beta
    groq        http://127.0.0.1:P/groq/openai/v1
    deepseek    http://127.0.0.1:P/deepseek
    openrouter  http://127.0.0.1:P/openrouter/api/v1
    local       http://127.0.0.1:P/local/v1

Any key is accepted, except that a word in the key injects a fault, answered in that
provider's real shape: ``invalid`` (401; Gemini: 400 API_KEY_INVALID), ``limited`` (429 with
the provider's retry hint), ``daily`` (429, the day's quota), ``broke`` (402), ``down`` (503),
``slow`` (no answer), ``trunc`` (truncated JSON), ``html`` (wrong content type),
``keepalive`` (blank lines before the JSON, as DeepSeek does under load), ``inbody``
(HTTP 200 with an error in the body, as OpenRouter does), ``buggy`` (BACKEND's first answer
breaks the contract, so DEBUG sends a fix round), ``cut`` (every first answer stops at the
output limit: ``finish_reason: "length"`` / ``finishReason: "MAX_TOKENS"``; asked to continue,
it answers the rest), ``chatter`` (answers wrapped in a model's small talk), ``stale`` (UIX's
first edit has a SEARCH block that is not in the file) and ``fence`` (JSON inside a fence).
``--rpm`` gives every key a per-minute quota answered with real 429s. A model the catalog
lists as retired gets the provider's own "model gone" answer. ``GET .../models`` lists the
provider's current models in its own shape.

Answers are what a model following the prompts would write, in the answer protocol: CORE a
plan, ARCH ``{"operations": []}``, BACKEND a new test file, UIX an edit of ``App.jsx``; so
whole runs go through the HTTP path: on a loopback socket (``server.py``), or with no socket
through an httpx ``MockTransport`` (``transport.py``) for wire-format tests. GET /_calls lists the calls received (provider, key
fingerprint, agent, the request body); POST /_reset clears them.
"""

from pipeline.testing.fake_llm.router import FAULTS, PROVIDER_PATHS, SHAPES, FakeLLM, Reply, base_urls
from pipeline.testing.fake_llm.server import FakeLLMServer, serve_forever
from pipeline.testing.fake_llm.transport import mock_transport

__all__ = [
    "FAULTS", "PROVIDER_PATHS", "SHAPES", "FakeLLM", "FakeLLMServer", "Reply", "base_urls", "mock_transport",
    "serve_forever",
]  # fmt: skip
