"""Shared fixtures: an isolated working folder and an environment without provider keys."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from pipeline.testing.fake_llm import FakeLLMServer

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


@pytest.fixture
async def fake() -> AsyncIterator[FakeLLMServer]:
    server = await FakeLLMServer().start()
    yield server
    await server.stop()


@pytest.fixture
def fake_in_thread() -> Iterator[FakeLLMServer]:
    """The server on its own loop in a thread, for synchronous callers."""
    loop = asyncio.new_event_loop()
    server = FakeLLMServer()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def project_tree(root: Path) -> dict[str, str]:
    """A generated project's files by relative path, without its bookkeeping: the git history
    (commit times) and the project record (run ids) differ between two runs by design."""
    return {
        str(p.relative_to(root)): p.read_text()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".pipeline"} & set(p.relative_to(root).parts)
    }
