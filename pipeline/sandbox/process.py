"""Running untrusted code: bubblewrap, a cgroup, rlimits and a timeout that ends the whole tree.

The only way generated code is run. :func:`sandbox_status` says whether a working sandbox exists
here; without one, :func:`run_sandboxed` raises :class:`SandboxUnavailable` unless the operator
opted in with ``PIPELINE_UNSANDBOXED=1``, and then every outcome says ``isolation="none"``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Literal

from pipeline.errors import PipelineError
from pipeline.sandbox.cgroups import Cgroup
from pipeline.sandbox.policy import (
    GROUP,
    PASSWD,
    SandboxLimits,
    bwrap_argv,
    interpreter_roots,
    sandbox_env,
)

Isolation = Literal["bwrap", "none"]
DEFAULT_LIMITS = SandboxLimits()
OUTPUT_LIMIT = 256 * 1024
"""Bytes of each stream kept (the end of it): a program that prints forever cannot fill memory."""


class SandboxUnavailable(PipelineError, RuntimeError):
    """No working sandbox here, and the operator did not opt in to running code without one."""


class Stopping(PipelineError):
    """This process is stopping (:func:`stop_all`): no sandbox starts, and one waited for ends."""


_STOPPING = threading.Event()


def stop_all() -> None:
    """Called when this process is told to end (SIGTERM): a run being waited for is ended at once
    (its whole sandbox killed, its cgroup removed) and no other starts. Safe from a signal handler,
    and it holds even where the handler's own exception is swallowed (a signal that lands in a
    fork hook)."""
    _STOPPING.set()


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool
    isolation: Isolation
    memory_exhausted: bool = False


@dataclass(frozen=True)
class SandboxStatus:
    available: bool
    reason: str
    """Why not, in one sentence with the fix; empty when available."""
    unsandboxed_opt_in: bool
    """``PIPELINE_UNSANDBOXED=1``: the operator accepts running generated code without isolation."""
    process_limit: str
    """How processes are bounded: ``cgroup`` or ``rlimit``."""

    @property
    def can_run(self) -> bool:
        return self.available or self.unsandboxed_opt_in


def unsandboxed_opt_in() -> bool:
    return os.environ.get("PIPELINE_UNSANDBOXED", "").strip().lower() in ("1", "true", "yes")


@cache
def _identity_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="pipeline-sandbox-etc-"))
    folder.chmod(0o755)
    (folder / "passwd").write_text(PASSWD)
    (folder / "group").write_text(GROUP)
    for name in ("passwd", "group"):
        (folder / name).chmod(0o644)
    atexit.register(shutil.rmtree, folder, True)
    return folder


@cache
def _probe() -> tuple[bool, str, str]:
    if not shutil.which("bwrap"):
        return False, "bubblewrap (bwrap) is not installed: apt-get install bubblewrap", ""
    with tempfile.TemporaryDirectory(prefix="pipeline-sandbox-probe-") as tmp:
        argv = bwrap_argv(
            ["/bin/sh", "-c", 'test ! -e /run/. && test "$(id -u)" = 65534'],
            project=Path(tmp),
            limits=SandboxLimits(),
            identity_dir=_identity_dir(),
            env=sandbox_env(None, []),
        )
        try:
            probe = subprocess.run(argv, capture_output=True, timeout=20, text=True)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"bubblewrap could not start: {exc}", ""
    if probe.returncode != 0:
        said = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        return (
            False,
            f"bubblewrap cannot make its namespaces here ({said}); allow user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0)",
            "",
        )
    if os.getuid() != 0:
        return True, "", "rlimit"
    group = Cgroup.create(memory_mb=64, max_processes=8, cpus=1.0)
    if group is None:
        return (
            False,
            "running as root with no cgroup to bound processes (root ignores RLIMIT_NPROC): "
            "run the service as an unprivileged user, or give it a writable cgroup",
            "",
        )
    group.remove()
    return True, "", "cgroup"


def sandbox_status() -> SandboxStatus:
    available, reason, process_limit = _probe()
    return SandboxStatus(available, reason, unsandboxed_opt_in(), process_limit)


def _limit(limits: SandboxLimits, group: Cgroup | None) -> None:  # in the child, before exec
    if group is not None:
        group.enter()
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 5))
    if limits.address_space_cap:
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    file_size = limits.max_file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.getuid() != 0:  # the kernel ignores it for root; the cgroup bounds root's sandboxes
        _soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        wanted = limits.max_processes if hard == resource.RLIM_INFINITY else min(limits.max_processes, hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (wanted, wanted))


def _tail(stream: IO[bytes]) -> str:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - OUTPUT_LIMIT))
    return stream.read().decode("utf-8", errors="replace")


_SPAWN_LOCK = threading.Lock()
"""preexec_fn is not safe while other threads fork; one spawn at a time keeps it so."""


def run_sandboxed(
    command: Sequence[str],
    *,
    cwd: Path,
    limits: SandboxLimits = DEFAULT_LIMITS,
    env: Mapping[str, str] | None = None,
    readable: Sequence[Path] = (),
    mounts: Sequence[tuple[Path, Path]] = (),
) -> Outcome:
    """Run ``command`` in ``cwd`` under ``limits``; never raises for the command's own failure.

    Raises :class:`SandboxUnavailable` when there is no working sandbox and no opt-in.
    """
    running = start_sandboxed(command, cwd=cwd, limits=limits, env=env, readable=readable, mounts=mounts)
    try:
        timed_out = False
        deadline = time.monotonic() + limits.timeout_s
        while True:
            try:
                running.process.wait(timeout=max(0.0, min(0.2, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                if _STOPPING.is_set():
                    raise Stopping("this process is stopping: the sandboxed run was ended") from None
                if time.monotonic() >= deadline:
                    timed_out = True
                    break
        exhausted = running.stop()
        returncode = -signal.SIGKILL if timed_out else running.process.returncode
        return Outcome(
            returncode, running.stdout(), running.stderr(), timed_out, running.isolation, exhausted
        )
    finally:
        running.close()


@dataclass
class Sandboxed:
    """A sandboxed program still running (a served app): stop it, read the end of its output."""

    process: subprocess.Popen[bytes]
    isolation: Isolation
    group: Cgroup | None
    out: IO[bytes]
    err: IO[bytes]

    def running(self) -> bool:
        return self.process.poll() is None

    def stdout(self) -> str:
        return _tail(self.out)

    def stderr(self) -> str:
        return _tail(self.err)

    def memory_bytes(self) -> int:
        """Resident memory of every process of the sandbox (its cgroup's, else the bwrap tree's)."""
        pids = self.group.pids() if self.group is not None else _tree(self.process.pid)
        total = 0
        for pid in pids:
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        return total

    def stop(self) -> bool:
        """Kill the whole tree (and its cgroup); True when it had run out of memory."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        exhausted = False
        if self.group is not None:
            exhausted = self.group.memory_exhausted()
            self.group.remove()  # kills whatever is left: nothing outlives its run
            self.group = None
        return exhausted

    def close(self) -> None:
        self.stop()
        self.out.close()
        self.err.close()


def _tree(root: int) -> set[int]:
    """``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


def start_sandboxed(
    command: Sequence[str],
    *,
    cwd: Path,
    limits: SandboxLimits = DEFAULT_LIMITS,
    env: Mapping[str, str] | None = None,
    readable: Sequence[Path] = (),
    mounts: Sequence[tuple[Path, Path]] = (),
    writable: Sequence[Path] = (),
    pass_fds: Sequence[int] = (),
) -> Sandboxed:
    """Start ``command`` in the sandbox and return at once; the caller stops it (``limits.timeout_s``
    is the caller's to keep). ``pass_fds`` are handed to it under the same numbers (a listening
    socket the host made, so the app never names a path the host connects to)."""
    if _STOPPING.is_set():
        raise Stopping("this process is stopping: nothing more is started in the sandbox")
    status = sandbox_status()
    project = Path(cwd).resolve()
    program = shutil.which(command[0]) or command[0]
    command = [program, *command[1:]]
    roots = interpreter_roots(program)
    environment = sandbox_env(env, roots)
    if status.available:
        isolation: Isolation = "bwrap"
        argv = bwrap_argv(
            command, project=project, limits=limits, identity_dir=_identity_dir(),
            env=environment, readable=readable, mounts=mounts, writable=writable,
        )  # fmt: skip
    elif status.unsandboxed_opt_in:
        isolation, argv = "none", list(command)
        for source, destination in mounts:  # no mount namespace: a link in its place
            if not destination.exists():
                destination.symlink_to(source, target_is_directory=True)
    else:
        raise SandboxUnavailable(f"generated code is not run without a sandbox: {status.reason}")
    group = (
        Cgroup.create(memory_mb=limits.memory_mb, max_processes=limits.max_processes, cpus=limits.cpus)
        if status.process_limit == "cgroup"
        else None
    )
    if status.process_limit == "cgroup" and group is None:
        raise SandboxUnavailable("could not make a cgroup for this run; nothing was run")
    # closed by Sandboxed.close(): they outlive this function with the process they hold
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
    try:
        with _SPAWN_LOCK:
            process = subprocess.Popen(
                argv, cwd=project, env=environment, stdin=subprocess.DEVNULL, stdout=out,
                stderr=err, start_new_session=True, preexec_fn=lambda: _limit(limits, group),
                pass_fds=tuple(pass_fds),
            )  # fmt: skip
    except BaseException:
        out.close()
        err.close()
        if group is not None:
            group.remove()
        raise
    return Sandboxed(process, isolation, group, out, err)
