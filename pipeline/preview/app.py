"""A generated backend served from the sandbox: no network (it listens on a unix socket in its
own folder), no keys (a clean environment), its own SQLite file, and the built frontend read-only."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.sandbox import Sandboxed, SandboxLimits, start_sandboxed

APP_LIMITS = SandboxLimits(timeout_s=86_400, cpu_s=3_600, memory_mb=512, max_processes=64, cpus=0.5)
"""One app: half a core, 512 MiB, an hour of CPU; the caller stops it when nobody looks."""
SOCKET = ".run/app.sock"


class PreviewError(PipelineError):
    """An app that could not be built or started; the message says why in a sentence."""

    def __init__(self, message: str, lines: str = "") -> None:
        super().__init__(message + (f". Its last lines:\n{lines}" if lines else ""))
        self.reason = message
        self.lines = lines


def last_lines(text: str, count: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


@dataclass
class AppProcess:
    process: Sandboxed
    socket_file: Path
    folder_fd: int
    """An O_PATH handle on the socket's folder: the socket is reached through /proc/self/fd, a
    short path whatever the project's (a unix socket's address holds 108 bytes at most)."""

    @property
    def socket(self) -> Path:
        return Path(f"/proc/self/fd/{self.folder_fd}/{self.socket_file.name}")

    def stop(self) -> None:
        self.process.close()
        self.socket_file.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            os.close(self.folder_fd)


def start_app(project: Path, *, limits: SandboxLimits = APP_LIMITS, wait_s: float = 30.0) -> AppProcess:
    """The project's backend running in the sandbox, answering on ``backend/.run/app.sock``."""
    backend = project.resolve() / "backend"
    if not (backend / "app" / "main.py").is_file():
        raise PreviewError(f"{project} has no backend/app/main.py: is it a generated project?")
    socket = backend / SOCKET
    socket.parent.mkdir(exist_ok=True)
    socket.unlink(missing_ok=True)
    dist = project.resolve() / "frontend" / "dist"
    env = {
        "DATABASE_PATH": str(backend / "app.db"),
        "FRONTEND_DIST": str(dist),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    process = start_sandboxed(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--uds", SOCKET, "--no-access-log"],
        cwd=backend, limits=limits, env=env, readable=[dist] if dist.is_dir() else [],
    )  # fmt: skip
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if socket.exists():
            return AppProcess(process, socket, os.open(socket.parent, os.O_PATH))
        if not process.running():
            break
        time.sleep(0.05)
    lines = last_lines(process.stderr() or process.stdout())
    process.close()
    raise PreviewError(
        "the app did not start" if lines else f"the app did not start within {wait_s:.0f} s", lines
    )
