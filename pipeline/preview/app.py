"""A generated backend served from the sandbox: no network, no keys (a clean environment), its
database and uploads in a data folder of its own, and the built frontend read-only.

The host never connects to a path the app can change: it makes the listening socket itself, in a
folder of its own that is never bound into the sandbox, and hands the app only the socket's file
descriptor (uvicorn's ``--fd``). Before it connects it checks that the name is still a socket of
its own, not a link.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.sandbox import Sandboxed, SandboxLimits, start_sandboxed
from pipeline.sandbox.nofollow import is_own_socket, open_beneath, open_folder, opened

APP_LIMITS = SandboxLimits(
    timeout_s=86_400, cpu_s=3_600, memory_mb=768, address_space_cap=False, max_processes=64, cpus=0.5
)
"""One app: half a core, 768 MiB for the whole sandbox (its cgroup; no per-process address-space
cap, which a thread pool's malloc arenas outgrow long before they use the memory), an hour of
CPU; the caller stops it when nobody looks."""
SOCKET_NAME = "app.sock"
APP_ENV = {"PYTHONDONTWRITEBYTECODE": "1", "MALLOC_ARENA_MAX": "2"}


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
    """An O_PATH handle on the socket's folder, which the host made and the sandbox never sees:
    the socket is reached through /proc/self/fd, a short path whatever the folder's (a unix
    socket's address holds 108 bytes at most)."""
    made: list[Path] = field(default_factory=list)
    """Folders made for this app alone (removed when it stops)."""

    @property
    def socket(self) -> Path:
        return Path(f"/proc/self/fd/{self.folder_fd}/{self.socket_file.name}")

    def socket_is_safe(self) -> bool:
        """The socket's name is still a socket this process made (not a link, not another's)."""
        return is_own_socket(self.folder_fd, self.socket_file.name)

    def stop(self) -> None:
        self.process.close()
        with contextlib.suppress(OSError):
            os.unlink(self.socket_file.name, dir_fd=self.folder_fd)
        with contextlib.suppress(OSError):
            os.close(self.folder_fd)
        for folder in self.made:
            shutil.rmtree(folder, ignore_errors=True)


def _listen(folder: Path) -> tuple[socket.socket, int]:
    """A listening unix socket in ``folder`` (made by the host, mode 0700) and a handle on it."""
    folder_fd = os.open(folder, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(SOCKET_NAME, dir_fd=folder_fd)
        listener.bind(f"/proc/self/fd/{folder_fd}/{SOCKET_NAME}")
        listener.listen(128)
    except BaseException:
        listener.close()
        os.close(folder_fd)
        raise
    return listener, folder_fd


def _answers(app: AppProcess) -> bool:
    """The app answers HTTP on its socket (the socket accepts before the app does)."""
    if not app.socket_is_safe():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(app.socket))
            probe.sendall(b"HEAD / HTTP/1.0\r\nHost: app\r\n\r\n")
            return probe.recv(5) == b"HTTP/"
        except OSError:
            return False


def _check_backend(project: Path) -> None:
    try:
        with opened(open_folder(project)) as root, opened(open_beneath(root, "backend/app/main.py")):
            pass
    except (OSError, PipelineError) as exc:
        raise PreviewError(f"{project} has no backend/app/main.py: is it a generated project?") from exc


def start_app(
    project: Path,
    *,
    site: Path | None = None,
    data: Path | None = None,
    runtime: Path | None = None,
    limits: SandboxLimits = APP_LIMITS,
    wait_s: float = 30.0,
) -> AppProcess:
    """The project's backend running in the sandbox, answering on a socket in ``runtime`` (a
    folder the host made, never shown to the app; a new one by default). ``site`` is the built
    frontend the host copied out of the build (bound read-only), ``data`` the writable folder of
    its database and uploads (a throw-away one by default)."""
    project = project.resolve()  # trusted: the host made it, or the operator named it
    _check_backend(project)
    made = []
    if runtime is None:
        runtime = Path(tempfile.mkdtemp(prefix="pipeline-app-"))
        made.append(runtime)
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="pipeline-app-data-"))
        made.append(data)
    listener, folder_fd = _listen(runtime)
    env = {
        **APP_ENV,
        "DATABASE_PATH": str(data / "app.db"),
        "UPLOAD_DIR": str(data / "uploads"),
        "FRONTEND_DIST": str(site if site is not None else data / "no-frontend"),
    }
    # only the host's forwarder reaches the socket: the visitor's address it sends is believed
    command = [
        sys.executable, "-m", "uvicorn", "app.main:app", "--fd", str(listener.fileno()),
        "--proxy-headers", "--forwarded-allow-ips", "*",
    ]  # fmt: skip
    try:
        process = start_sandboxed(
            [*command, "--no-access-log"], cwd=project / "backend", limits=limits, env=env,
            readable=[site] if site is not None else [], writable=[data], pass_fds=[listener.fileno()],
        )  # fmt: skip
    except BaseException:
        os.close(folder_fd)
        raise
    finally:
        listener.close()  # the app holds its own copy
    app = AppProcess(process, runtime / SOCKET_NAME, folder_fd, made)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and process.running():
        if _answers(app):
            return app
        time.sleep(0.05)
    lines = last_lines(process.stderr() or process.stdout())
    app.stop()
    raise PreviewError(
        "the app did not start" if lines else f"the app did not start within {wait_s:.0f} s", lines
    )
