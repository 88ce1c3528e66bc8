"""Reading what sandboxed code left behind without following anything it made.

After untrusted code has run in a folder, every name in it may have become a link (to ``/``, to
``/etc``, to another job's folder), a fifo that blocks a reader, a device or a socket. The host
reaches such a tree only from a handle on a folder it made itself, one component at a time with
``O_NOFOLLOW``, and takes regular files and folders only, within a size, count and depth cap.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.errors import PipelineError

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
OnOther = Literal["refuse", "skip"]


class Refused(PipelineError):
    """A tree holds something the host does not take from untrusted code (a link, a device, a fifo,
    a socket), or more than its cap; the message names the first such thing."""


@dataclass(frozen=True)
class TreeCap:
    """How much of an untrusted tree the host copies at most."""

    max_bytes: int = 256 * 1024 * 1024
    """Bytes of all files together."""
    max_files: int = 20_000
    """Files and folders together."""
    max_depth: int = 32
    """Folders deep."""


@dataclass
class CopyCount:
    files: int = 0
    bytes: int = 0
    skipped: int = 0


@contextlib.contextmanager
def opened(fd: int) -> Iterator[int]:
    try:
        yield fd
    finally:
        os.close(fd)


def open_folder(path: Path) -> int:
    """A handle on ``path``, a folder the host trusts (it made it, or the operator named it); the
    last component is not followed."""
    return os.open(path, DIR_FLAGS)


def open_beneath(base_fd: int, relative: str, *, folder: bool = False) -> int:
    """A handle on ``relative`` under ``base_fd``, no component followed if it is a link; an
    OSError (ELOOP, ENOTDIR, ENOENT) when one is, or when it is not a folder or regular file."""
    parts = [p for p in relative.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise Refused(f"{relative!r} climbs out of its folder")
    fd = os.dup(base_fd)
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            flags = FILE_FLAGS if last and not folder else DIR_FLAGS
            child = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = child
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
            raise Refused(f"{relative!r} is not a {'folder' if folder else 'regular file'}")
        return fd
    except BaseException:
        os.close(fd)
        raise


def read_beneath(base: Path, relative: str, *, max_bytes: int = 1024 * 1024) -> bytes:
    """The bytes of the regular file ``relative`` under ``base``, followed nowhere; Refused past
    ``max_bytes``."""
    with opened(open_folder(base)) as base_fd, opened(open_beneath(base_fd, relative)) as fd:
        data = b""
        while chunk := os.read(fd, 1024 * 1024):
            data += chunk
            if len(data) > max_bytes:
                raise Refused(f"{relative} is larger than {max_bytes} bytes")
        return data


def copy_tree(
    source_fd: int,
    destination: Path | tuple[int, str],
    *,
    cap: TreeCap = TreeCap(),
    other: OnOther = "refuse",
    skip: frozenset[str] = frozenset(),
) -> CopyCount:
    """Copy the folder behind ``source_fd`` into ``destination`` (a path the host trusts, or a
    name in a folder handle; made now, it must not exist): folders and regular files only. A link,
    device, fifo or socket is refused (Refused names it) or skipped, per ``other``; what ``skip``
    holds is left out: a name wherever it is, a path (``a/b``) from the top."""
    count = CopyCount()
    if isinstance(destination, Path):
        parent_fd, name = open_folder(destination.parent), destination.name
    else:
        parent_fd, name = os.dup(destination[0]), destination[1]
    with opened(parent_fd):
        os.mkdir(name, 0o755, dir_fd=parent_fd)
        with opened(os.open(name, DIR_FLAGS, dir_fd=parent_fd)) as target_fd:
            _copy_folder(source_fd, target_fd, "", 0, cap, other, skip, count)
    return count


def _copy_folder(
    source_fd: int,
    target_fd: int,
    where: str,
    depth: int,
    cap: TreeCap,
    other: OnOther,
    skip: frozenset[str],
    count: CopyCount,
) -> None:
    if depth > cap.max_depth:
        raise Refused(f"{where or '.'} is deeper than {cap.max_depth} folders")
    for name in sorted(os.listdir(source_fd)):
        shown = f"{where}{name}"
        if name in skip or shown in skip:
            continue
        mode = os.stat(name, dir_fd=source_fd, follow_symlinks=False).st_mode
        count.files += 1
        if count.files > cap.max_files:
            raise Refused(f"more than {cap.max_files} files")
        if stat.S_ISDIR(mode):
            with opened(os.open(name, DIR_FLAGS, dir_fd=source_fd)) as child:
                os.mkdir(name, 0o755, dir_fd=target_fd)
                with opened(os.open(name, DIR_FLAGS, dir_fd=target_fd)) as made:
                    _copy_folder(child, made, f"{shown}/", depth + 1, cap, other, skip, count)
        elif stat.S_ISREG(mode):
            _copy_file(source_fd, target_fd, name, shown, cap, count)
        elif other == "skip":
            count.skipped += 1
        else:
            kind = "a link" if stat.S_ISLNK(mode) else "not a regular file"
            raise Refused(f"{shown} is {kind}")


def _copy_file(source_fd: int, target_fd: int, name: str, shown: str, cap: TreeCap, count: CopyCount) -> None:
    with opened(os.open(name, FILE_FLAGS, dir_fd=source_fd)) as src:
        if not stat.S_ISREG(os.fstat(src).st_mode):  # swapped between the look and the open
            raise Refused(f"{shown} changed while it was copied")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with opened(os.open(name, flags, 0o644, dir_fd=target_fd)) as dst:
            while chunk := os.read(src, 1024 * 1024):
                count.bytes += len(chunk)
                if count.bytes > cap.max_bytes:
                    raise Refused(f"more than {cap.max_bytes} bytes")
                view = memoryview(chunk)
                while view:
                    view = view[os.write(dst, view) :]


def is_own_socket(folder_fd: int, name: str, uid: int | None = None) -> bool:
    """``name`` in the folder is a unix socket (not a link to one) owned by ``uid`` (this
    process's by default): checked before the host connects to it."""
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISSOCK(info.st_mode) and info.st_uid == (os.getuid() if uid is None else uid)
