"""A cgroup per sandboxed run: memory, processes and CPU for the whole tree, and a way to kill it all.

Rlimits are per process, and the kernel never applies RLIMIT_NPROC to processes that are root
outside their user namespace; a cgroup bounds the sandbox as a whole whoever runs it. Both
hierarchies are handled: cgroup v2 (one tree, when its parent delegates ``memory`` and ``pids``)
and v1 (a tree per controller). A new cgroup is made under the one this process is in, so the
host's own limits on the service still contain it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PREFIX = "pipeline-sandbox-"
OURS = re.compile(rf"{PREFIX}(?:(\d+)-)?[0-9a-f]{{12}}")
"""A group's name holds the pid of the process that made it; older names have none."""
_HELD: set[Cgroup] = set()
_swept = False


def _own_paths() -> dict[str, str]:
    """Controller (``""`` for v2) → this process's cgroup path, from /proc/self/cgroup."""
    paths: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _id, controllers, path = line.split(":", 2)
            for name in controllers.split(","):
                paths[name] = path
    return paths


@dataclass(eq=False)
class Cgroup:
    """One run's cgroup (a folder per controller on v1, one folder on v2)."""

    folders: list[Path] = field(default_factory=list)
    version: int = 2

    @classmethod
    def create(cls, *, memory_mb: int, max_processes: int, cpus: float) -> Cgroup | None:
        """A new cgroup with these limits, or None where this process may not make one."""
        global _swept
        if not _swept:
            _swept = True
            remove_stale()
        name = f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        paths = _own_paths()
        try:
            unified = _v2_parent(paths)
            if unified is not None:
                group = cls._create_v2(unified / name, memory_mb, max_processes, cpus)
            elif "pids" in paths and "memory" in paths:
                group = cls._create_v1(paths, name, memory_mb, max_processes, cpus)
            else:
                return None
        except OSError:
            return None
        _HELD.add(group)
        return group

    @classmethod
    def _create_v2(cls, folder: Path, memory_mb: int, max_processes: int, cpus: float) -> Cgroup:
        folder.mkdir()
        group = cls([folder], 2)
        try:
            (folder / "memory.max").write_text(str(memory_mb * 1024 * 1024))
            with contextlib.suppress(OSError):
                (folder / "memory.swap.max").write_text("0")
            (folder / "pids.max").write_text(str(max_processes))
            with contextlib.suppress(OSError):
                (folder / "cpu.max").write_text(f"{int(cpus * 100_000)} 100000")
        except BaseException:  # a failed write, or a signal that ends the process: nothing left
            group.remove()
            raise
        return group

    @classmethod
    def _create_v1(
        cls, paths: dict[str, str], name: str, memory_mb: int, max_processes: int, cpus: float
    ) -> Cgroup:
        group = cls([], 1)
        try:
            pids = ROOT / "pids" / paths["pids"].lstrip("/") / name
            pids.mkdir()
            group.folders.append(pids)
            (pids / "pids.max").write_text(str(max_processes))
            memory = ROOT / "memory" / paths["memory"].lstrip("/") / name
            memory.mkdir()
            group.folders.append(memory)
            (memory / "memory.limit_in_bytes").write_text(str(memory_mb * 1024 * 1024))
            with contextlib.suppress(OSError):
                (memory / "memory.memsw.limit_in_bytes").write_text(str(memory_mb * 1024 * 1024))
            with contextlib.suppress(OSError):
                (memory / "memory.swappiness").write_text("0")
            if "cpu" in paths:
                with contextlib.suppress(OSError):
                    cpu = ROOT / "cpu" / paths["cpu"].lstrip("/") / name
                    cpu.mkdir()
                    group.folders.append(cpu)
                    (cpu / "cpu.cfs_period_us").write_text("100000")
                    (cpu / "cpu.cfs_quota_us").write_text(str(int(cpus * 100_000)))
        except BaseException:  # a failed write, or a signal that ends the process: nothing left
            group.remove()
            raise
        return group

    def enter(self) -> None:
        """Moves the calling process in (run in the child, before it executes anything)."""
        pid = str(os.getpid())
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(pid)

    def pids(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            with contextlib.suppress(OSError):
                found |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
        return found

    def kill(self) -> set[int]:
        """Kills every process in it, including any that left the sandbox's session or group;
        returns the ids it signalled."""
        if self.version == 2 and self.folders:
            with contextlib.suppress(OSError):
                (self.folders[0] / "cgroup.kill").write_text("1")
        # a killed process stays listed until it has exited: wait for the list to empty, so that
        # nothing of the run is alive when this returns
        signalled: set[int] = set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = self.pids()
            if not alive:
                break
            for pid in alive:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            signalled |= alive
            time.sleep(0.01)
        return signalled

    def memory_exhausted(self) -> bool:
        """The cgroup hit its memory cap at least once (v2 ``memory.events``; v1 the fail counters
        and ``memory.oom_control``)."""
        counters = {"memory.events": ("max", "oom_kill"), "memory.oom_control": ("oom_kill",)}
        for folder in self.folders:
            for name, keys in counters.items():
                with contextlib.suppress(OSError, ValueError):
                    lines = (folder / name).read_text().splitlines()
                    values = dict(line.split()[:2] for line in lines if line.strip())
                    if any(int(values.get(k, "0")) > 0 for k in keys):
                        return True
            for name in ("memory.failcnt", "memory.memsw.failcnt"):
                with contextlib.suppress(OSError, ValueError):
                    if int((folder / name).read_text()) > 0:
                        return True
        return False

    def remove(self) -> None:
        """Kills what is in it and removes its folders. A process counts as in the group until
        it is reaped: one that entered late (its start was cut short by a signal, so nobody
        holds it) is killed and reaped here, and the host's init reaps the sandbox's own."""
        signalled = self.kill()
        deadline = time.monotonic() + 10
        left = list(self.folders)
        while left:
            for pid in signalled:
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(pid, os.WNOHANG)  # ours, when a start was cut short
            for folder in list(left):
                try:
                    folder.rmdir()
                    left.remove(folder)
                except FileNotFoundError:
                    left.remove(folder)
                except OSError:
                    pass
            if not left or time.monotonic() > deadline:
                break
            signalled |= self.kill()
            time.sleep(0.02)
        _HELD.discard(self)


def _parents() -> list[Path]:
    """The folders this process makes its groups in (one on v2, one per controller on v1)."""
    paths = _own_paths()
    unified = _v2_parent(paths)
    if unified is not None:
        return [unified]
    return [ROOT / c / paths[c].lstrip("/") for c in ("pids", "memory", "cpu") if c in paths]


def _dead(pid: str | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def remove_stale() -> list[Path]:
    """Removes the groups left by processes that died before they could (killed, or a SIGTERM
    with no handler): their sandboxes are killed and their folders go. Older names without a pid
    are removed only when empty and a few minutes old."""
    removed = []
    for parent in _parents():
        with contextlib.suppress(OSError):
            for folder in parent.iterdir():
                found = OURS.fullmatch(folder.name)
                if found is None or not folder.is_dir() or not _dead(found.group(1)):
                    continue
                if found.group(1) is None and folder.stat().st_mtime > time.time() - 300:
                    continue  # an older version's, perhaps made a moment ago for a run about to enter it
                if found.group(1) is not None:
                    Cgroup([folder], 2 if parent == _v2_parent(_own_paths()) else 1).kill()
                with contextlib.suppress(OSError):
                    folder.rmdir()
                    removed.append(folder)
    return removed


@atexit.register
def _remove_held() -> None:
    for group in list(_HELD):
        group.remove()


def _v2_parent(paths: dict[str, str]) -> Path | None:
    """This process's v2 cgroup folder, when it delegates memory and pids to children."""
    if "" not in paths or not (ROOT / "cgroup.controllers").exists():
        return None
    folder = ROOT / paths[""].lstrip("/")
    try:
        delegated = (folder / "cgroup.subtree_control").read_text().split()
    except OSError:
        return None
    return folder if {"memory", "pids"} <= set(delegated) else None
