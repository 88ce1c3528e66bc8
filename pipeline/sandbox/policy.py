"""What a sandbox may see and use: limits, and the bubblewrap command line, as pure data.

Nothing here starts a process; :mod:`pipeline.sandbox.process` does. The command line gives the
program a new namespace of every kind (user, pid, ipc, uts, cgroup, network), an unprivileged uid
and gid inside, no capabilities, no further user namespaces, a new session, a cleared environment,
read-only system directories, the interpreter it runs on (read-only), private ``/tmp`` and
``/proc``, a minimal ``/dev``, and the project folder as the one writable place. No ``/run``,
``/var``, ``/home`` or ``/root`` is mounted (an interpreter that lives under a home, such as
pyenv's under ``/root``, is bound read-only at its own path and nothing beside it), and ``/etc``
holds only what the dynamic linker, TLS and locale need, plus a ``passwd`` naming the sandbox user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SANDBOX_UID = 65534
"""``nobody`` inside the sandbox; outside, the user namespace maps it to whoever started bwrap."""

SYSTEM_DIRS = ("/usr",)
SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
"""Merged-/usr systems make these symlinks into /usr; elsewhere they are bound read-only."""

ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/alternatives",
    "/etc/ssl",
    "/etc/ca-certificates",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/mime.types",
)
"""What programs read from /etc. Never /etc whole: it holds shadow, the host's accounts, configs."""

PASSWD = f"sandbox:x:{SANDBOX_UID}:{SANDBOX_UID}:sandbox:/tmp:/usr/sbin/nologin\n"
GROUP = f"sandbox:x:{SANDBOX_UID}:\n"

BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONUNBUFFERED": "1",
    "PYTHONHASHSEED": "0",
}
"""The whole environment of sandboxed code, before what the caller adds: never the host's."""


@dataclass(frozen=True)
class SandboxLimits:
    """What one sandboxed run may use. A run past any of them is ended, never extended."""

    timeout_s: float = 120.0
    """Wall clock; when it passes, every process of the sandbox is killed."""
    cpu_s: int = 120
    """CPU seconds per process (RLIMIT_CPU)."""
    memory_mb: int = 2048
    """Memory of the whole sandbox (its cgroup), and of each process's address space unless
    ``address_space_cap`` is off."""
    address_space_cap: bool = True
    """Off for runtimes that reserve huge virtual memory up front (Node's WebAssembly); the
    cgroup's memory cap still holds them."""
    max_processes: int = 128
    """Processes and threads of the sandbox (its cgroup's pids.max; RLIMIT_NPROC when not root)."""
    max_file_mb: int = 64
    """Largest file it may write (RLIMIT_FSIZE)."""
    cpus: float = 1.0
    """CPU share of the whole sandbox, in cores (its cgroup's quota), where cgroups allow it."""
    network: bool = False
    """Only for a trusted package manager fetching from its registry with scripts off: the
    sandbox then shares the host's network. Generated code never runs with it on."""


def interpreter_roots(program: str) -> list[Path]:
    """Folders a program needs beyond the system's: its interpreter's prefix when that lives
    outside /usr (pyenv, a venv and the Python it was made from)."""
    found: list[Path] = []
    path = Path(program)
    if not path.is_absolute():
        return found
    venv = path.parent.parent
    config = venv / "pyvenv.cfg"
    if config.is_file():
        found.append(venv)
        for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "home" and value.strip():
                found.append(Path(value.strip()).parent)
    elif path.parent.name == "bin":
        found.append(venv)
    if Path(program).resolve() == Path(sys.executable).resolve():
        found += [Path(sys.prefix), Path(sys.base_prefix)]
    return _outside_system(found)


def _outside_system(paths: Iterable[Path]) -> list[Path]:
    unique: list[Path] = []
    for p in paths:
        resolved = p.resolve()
        if resolved == Path("/") or any(resolved.is_relative_to(d) for d in SYSTEM_DIRS):
            continue
        if resolved not in unique:
            unique.append(resolved)
    return unique


def sandbox_env(extra: Mapping[str, str] | None, program_dirs: Sequence[Path]) -> dict[str, str]:
    env = dict(BASE_ENV)
    path = [str(d / "bin") for d in program_dirs if (d / "bin").is_dir()]
    env["PATH"] = ":".join([*path, env["PATH"]])
    env.update(extra or {})
    return env


def bwrap_argv(
    command: Sequence[str],
    *,
    project: Path,
    limits: SandboxLimits,
    identity_dir: Path,
    env: Mapping[str, str],
    readable: Sequence[Path] = (),
    mounts: Sequence[tuple[Path, Path]] = (),
    writable: Sequence[Path] = (),
) -> list[str]:
    """The bubblewrap command line that runs ``command`` in ``project``. ``mounts`` are
    (source, destination) pairs bound read-only, such as shared packages into the project;
    ``writable`` are folders the host made (a data folder) bound writable at their own path."""
    argv = [
        "bwrap",
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup",
        *([] if limits.network else ["--unshare-net"]),
        "--uid", str(SANDBOX_UID),
        "--gid", str(SANDBOX_UID),
        "--disable-userns",
        "--cap-drop", "ALL",
        "--new-session",
        "--die-with-parent",
        "--hostname", "sandbox",
        "--clearenv",
    ]  # fmt: skip
    for name, value in sorted(env.items()):
        argv += ["--setenv", name, value]
    for folder in SYSTEM_DIRS:
        argv += ["--ro-bind", folder, folder]
    for link in SYSTEM_LINKS:
        if os.path.islink(link):
            argv += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            argv += ["--ro-bind", link, link]
    for item in ETC_FILES:
        argv += ["--ro-bind-try", item, item]
    argv += ["--ro-bind", str(identity_dir / "passwd"), "/etc/passwd"]
    argv += ["--ro-bind", str(identity_dir / "group"), "/etc/group"]
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    if limits.network:
        argv += ["--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"]
        argv += ["--ro-bind-try", "/etc/hosts", "/etc/hosts"]
    for extra in _outside_system([*readable, *interpreter_roots(command[0])]):
        argv += ["--ro-bind", str(extra), str(extra)]
    folder = str(project)
    argv += ["--bind", folder, folder]
    for place in writable:
        argv += ["--bind", str(place), str(place)]
    for source, destination in mounts:
        argv += ["--ro-bind", str(source), str(destination)]
    argv += ["--remount-ro", "/", "--chdir", folder, "--", *command]
    return argv
