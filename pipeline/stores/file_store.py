"""The files of every version (its project as a zip), by key: a folder by default.

Keys are the store's own (``versions/<job id>.zip``), never a client's path. A write lands
whole or not at all (a temporary file renamed over the key), so a reader never sees half a zip.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path
from typing import Protocol

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_.-]*)*$")


class FileStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None:
        """Removes ``key``; nothing happens when it is not there."""


def version_key(job_id: str) -> str:
    return f"versions/{check_key(job_id)}.zip"


def check_key(key: str) -> str:
    if not KEY.match(key) or ".." in key:
        raise ValueError(f"not a file store key: {key[:80]!r}")
    return key


class FolderFiles:
    """Files under one folder of the host's (the data folder's ``files`` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def put(self, key: str, data: bytes) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
        try:
            with open(partial, "xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

    def get(self, key: str) -> bytes | None:
        try:
            fd = os.open(self._path(key), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            return None
        with open(fd, "rb") as source:
            return source.read()

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()
