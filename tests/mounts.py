"""What is mounted under a folder of a test, read from ``/proc/self/mountinfo``: a stage a
killed host left mounted makes the test's folder impossible to remove (EBUSY)."""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path

MNT_DETACH, UMOUNT_NOFOLLOW = 2, 8
_ESCAPED = re.compile(rb"\\([0-7]{3})")


def mounted_under(root: Path) -> list[Path]:
    """Mount points at or below ``root`` (as the kernel names them: no link resolved)."""
    prefix = os.fsencode(root)
    found = []
    with open("/proc/self/mountinfo", "rb") as table:
        for line in table:
            point = _ESCAPED.sub(lambda m: bytes([int(m[1], 8)]), line.split()[4])
            if point == prefix or point.startswith(prefix + b"/"):
                found.append(Path(os.fsdecode(point)))
    return found


def detach_under(root: Path) -> list[Path]:
    """Detaches what is mounted under ``root`` (deepest first) so the test's folder can go;
    returns what was there."""
    found = mounted_under(root)
    libc = ctypes.CDLL(None, use_errno=True)
    for point in sorted(found, key=lambda p: len(p.parts), reverse=True):
        libc.umount2(os.fsencode(point), MNT_DETACH | UMOUNT_NOFOLLOW)
    return found
