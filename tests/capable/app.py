"""The generated app, started as its owner would run it, asked over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from pipeline import Settings
from pipeline.preview import start_app


@contextmanager
def running(project: Path) -> Iterator[httpx.Client]:
    """The project's backend in the sandbox on a fresh database, and a client for it."""
    app = start_app(project)
    try:
        transport = httpx.HTTPTransport(uds=str(app.socket))
        with httpx.Client(transport=transport, base_url="http://app", timeout=30) as client:
            yield client
    finally:
        app.stop()


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


def capable_settings(data: Path) -> Settings:
    """Every agent on its capable model (no fallback), and checks that run the app's tests."""
    return Settings(
        agent_core="local:core", agent_arch="local:arch", agent_backend="local:backend",
        agent_uix="local:uix", agent_debug="local:debug", validate_level="run", data_dir=data,
    )  # fmt: skip
