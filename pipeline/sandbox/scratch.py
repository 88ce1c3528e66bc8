"""A folder of capped size for what sandboxed code may write: a tmpfs of its own where the host
may mount one (root), so that a program filling the disk meets ENOSPC at the cap, not the host's
disk full. Its pages count against the memory cgroup of whoever writes them.

Each folder's name ends in the pid of the process that made it, so a later process removes what
a killed one left (``release_stale``); ``atexit`` removes what this one still holds.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

MS_NOSUID, MS_NODEV = 2, 4
MNT_DETACH, UMOUNT_NOFOLLOW = 2, 8
_HELD: dict[Path, Scratch] = {}
_warned: list[Path] = []
log = logging.getLogger(__name__)


@dataclass
class Scratch:
    """A folder the host made, capped when ``capped`` (a tmpfs of ``size_mb``)."""

    path: Path
    size_mb: int
    capped: bool

    @classmethod
    def create(cls, parent: Path, name: str, *, size_mb: int, max_files: int = 100_000) -> Scratch:
        """``parent/name.<pid>``, made now (an old one of that name is released first)."""
        parent.mkdir(parents=True, exist_ok=True)
        path = parent / f"{name}.{os.getpid()}"
        _release(path)
        path.mkdir(mode=0o755)
        capped = os.geteuid() == 0 and _mount_tmpfs(path, size_mb, max_files)
        if not capped and not _warned:
            _warned.append(path)
            log.warning(
                "no tmpfs could be mounted for %s (not root): what sandboxes write is not capped", path
            )
        scratch = cls(path, size_mb, capped)
        _HELD[path] = scratch
        return scratch

    def release(self) -> None:
        """Unmounts and removes it, with everything in it."""
        _HELD.pop(self.path, None)
        _release(self.path)


def _mount_tmpfs(path: Path, size_mb: int, max_files: int) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    options = f"size={size_mb}m,nr_inodes={max_files},mode=0755".encode()
    done: int = libc.mount(b"tmpfs", os.fsencode(path), b"tmpfs", MS_NOSUID | MS_NODEV, options)
    return done == 0


def _mounted(path: Path) -> bool:
    wanted = os.fsencode(path)
    with contextlib.suppress(OSError), open("/proc/self/mountinfo", "rb") as table:
        for line in table:
            fields = line.split()
            if len(fields) > 4 and fields[4].replace(b"\\040", b" ") == wanted:
                return True
    return False


def _release(path: Path) -> None:
    """Unmounts ``path`` and removes it. A step that cannot be done is logged with the path, and
    the removal is tried all the same (whatever of the folder it can take)."""
    # a detached tmpfs frees its contents once nothing holds it: nothing inside is walked
    libc = ctypes.CDLL(None, use_errno=True)
    while _mounted(path):
        if libc.umount2(os.fsencode(path), MNT_DETACH | UMOUNT_NOFOLLOW) != 0:
            log.warning("%s could not be unmounted: %s", path, os.strerror(ctypes.get_errno()))
            break
    failed: list[str] = []

    def note(_function: object, where: str, error: tuple[type[BaseException], BaseException, object]) -> None:
        if not isinstance(error[1], FileNotFoundError):  # gone already: nothing left to do
            failed.append(f"{where}: {error[1]}")

    shutil.rmtree(path, onerror=note)  # fd-based: links inside are removed, never followed
    if failed:
        log.warning("%s could not be removed whole (%d left): %s", path, len(failed), failed[0])


def alive(pid: int) -> bool:
    """Whether a process of that id exists (whoever's it is)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_stale(parent: Path) -> list[Path]:
    """Releases the folders in ``parent`` whose maker has died (killed before it could)."""
    released: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError as exc:
        log.warning("stale folders in %s not released: the folder could not be listed (%s)", parent, exc)
        return released
    for entry in entries:
        _, _, pid = entry.name.rpartition(".")
        if pid.isdigit() and not alive(int(pid)) and not entry.is_symlink():
            _release(entry)
            released.append(entry)
    return released


@atexit.register
def _release_held() -> None:
    for scratch in list(_HELD.values()):
        scratch.release()
