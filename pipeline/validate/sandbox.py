"""Running generated (untrusted) code: a subprocess with a timeout and resource limits.

Limits: wall-clock timeout (the process group is killed), CPU seconds, address space,
open files, file size, process count; a scrubbed environment (no provider keys, no
PIPELINE_* settings). Isolation, the strongest the machine allows:
- ``bwrap`` (bubblewrap): the whole filesystem read-only but the project folder, a private
  ``/tmp``, no network;
- ``unshare -rn``: no network (a fresh namespace whose loopback is down);
- neither: limits only, and the outcome says so.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_SAFE_ENV = ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "SYSTEMROOT", "PYTHONHASHSEED")


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 120.0
    cpu_s: int = 120
    memory_mb: int | None = 2048
    """Address-space cap; ``None`` for runtimes that reserve huge virtual memory (Node's WebAssembly),
    which are capped their own way (``--max-old-space-size``)."""
    max_processes: int = 256
    max_file_mb: int = 64
    network: bool = False


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool
    isolation: str
    """``bwrap``, ``unshare`` or ``none``."""


def scrubbed_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _SAFE_ENV}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


@cache
def can_bwrap() -> bool:
    tool = shutil.which("bwrap")
    if not tool:
        return False
    try:
        probe = subprocess.run(
            [tool, "--ro-bind", "/", "/", "--unshare-net", "--dev", "/dev", "true"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


@cache
def can_unshare_network() -> bool:
    """True when ``unshare -rn`` works here (user namespaces allowed)."""
    tool = shutil.which("unshare")
    if not tool:
        return False
    try:
        probe = subprocess.run([tool, "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _program_root(program: str) -> list[Path]:
    """A venv under /tmp holding ``program`` (``<venv>/bin/python``), which bwrap's private /tmp would hide."""
    path = Path(program)
    if path.is_absolute() and path.parts[:2] == ("/", "tmp") and path.parent.name == "bin":
        return [path.parent.parent]
    return []


def _limit(limits: Limits) -> None:  # runs in the child, before exec
    os.setsid()
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 5))
    if limits.memory_mb is not None:
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    file_size = limits.max_file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
    wanted = limits.max_processes if hard == resource.RLIM_INFINITY else min(limits.max_processes, hard)
    if os.getuid() != 0:  # root ignores RLIMIT_NPROC; setting it would only fail for others
        resource.setrlimit(resource.RLIMIT_NPROC, (wanted, wanted))


def run_sandboxed(
    command: Sequence[str],
    *,
    cwd: Path,
    limits: Limits = Limits(),
    env: Mapping[str, str] | None = None,
    readable: Sequence[Path] = (),
) -> Outcome:
    """Run ``command`` in ``cwd`` under ``limits``; never raises for the command's own failure."""
    folder = str(Path(cwd).resolve())
    if can_bwrap():
        isolation = "bwrap"
        argv = ["bwrap", "--ro-bind", "/", "/", "--tmpfs", "/tmp"]
        # The private /tmp hides whatever lives there: give back, read-only, the program's own
        # environment (a throw-away venv under /tmp) and anything the caller lists.
        for extra in (*readable, *_program_root(command[0])):
            argv += ["--ro-bind", str(extra), str(extra)]
        argv += ["--bind", folder, folder, "--dev", "/dev", "--proc", "/proc"]
        argv += [] if limits.network else ["--unshare-net"]
        argv += ["--die-with-parent", "--chdir", folder, "--", *command]
    elif not limits.network and can_unshare_network():
        isolation, argv = "unshare", ["unshare", "-rn", *command]
    else:
        isolation, argv = "none", list(command)
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=scrubbed_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=lambda: _limit(limits),
    )
    try:
        stdout, stderr = process.communicate(timeout=limits.timeout_s)
        return Outcome(process.returncode, stdout, stderr, False, isolation)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        return Outcome(-signal.SIGKILL, stdout, stderr, True, isolation)
