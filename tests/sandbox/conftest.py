from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.sandbox import sandbox_status


def leftovers(marker: str) -> list[int]:
    """Host processes whose command line holds ``marker`` (a sandboxed run's own, left running)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


@pytest.fixture
def marker() -> str:
    return f"sandboxmark{uuid.uuid4().hex[:10]}"


@pytest.fixture
def secret() -> str:
    return f"gsk_escape_sentinel_{uuid.uuid4().hex}"


@pytest.fixture
def host_process(secret: str) -> Iterator[subprocess.Popen[bytes]]:
    """A host process holding a provider key in its environment, as the service does."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(300)"],
        env={**os.environ, "GROQ_API_KEYS": secret},
    )
    yield process
    process.kill()
    process.wait()


@pytest.fixture(autouse=True)
def _a_working_sandbox() -> None:
    status = sandbox_status()
    assert status.available, (
        f"these tests need the sandbox (bash scripts/test installs bubblewrap): {status.reason}"
    )
