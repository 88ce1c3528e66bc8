"""Shared fixtures: an isolated working folder and an environment without provider keys."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

KEY_VARS = ("GEMINI", "GROQ", "DEEPSEEK", "OPENROUTER")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test runs in its own folder, with no provider keys and no PIPELINE_* settings."""
    for name in list(os.environ):
        if name.startswith("PIPELINE_") or (name.split("_API_KEY")[0] in KEY_VARS and "_API_KEY" in name):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path / ".pipeline"))
    yield tmp_path
