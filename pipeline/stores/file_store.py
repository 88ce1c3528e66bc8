"""The files of every version (its project as a zip), by key: a folder by default, an
S3-compatible bucket when ``PIPELINE_S3_BUCKET`` names one (``bucket_store``).

Keys are the store's own (``versions/<job id>.zip``), never a client's path. A write lands
whole or not at all (a temporary file renamed over the key; an object PUT), so a reader never
sees half a zip.
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
    """What the service keeps files in: ``FolderFiles`` or ``BucketFiles``, one suite of tests
    for both."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes | None:
        """The bytes under ``key``; None when it is not there."""

    def delete(self, key: str) -> None:
        """Removes ``key``; nothing happens when it is not there."""

    def keys(self, prefix: str) -> list[str]:
        """Every key under the folder ``prefix`` (``versions`` holds ``versions/x.zip``), sorted."""

    def size(self, key: str) -> int | None:
        """How many bytes ``key`` holds; None when it is not there."""

    @property
    def where(self) -> str:
        """Where the files are, for the operator (a folder's path, ``s3://bucket/prefix``)."""

    def check(self) -> None:
        """Raises :class:`FilesUnavailable` when the store cannot be read, so a service with a
        wrong bucket name stops at start, not at the first job it cannot keep."""


class FilesUnavailable(RuntimeError):
    """The file store cannot be reached or read: the operator's settings, in words."""


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

    @property
    def where(self) -> str:
        return str(self.root)

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FilesUnavailable(f"the file folder {self.root} cannot be made: {exc.strerror}") from exc

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

    def keys(self, prefix: str) -> list[str]:
        folder = self._path(prefix)
        found = []
        for path in folder.rglob("*") if folder.is_dir() else ():
            key = path.relative_to(self.root).as_posix()
            # a write under way (``.name.xxxx``) is no key yet, and nor is a link
            if path.is_file() and not path.is_symlink() and KEY.match(key):
                found.append(key)
        return sorted(found)

    def size(self, key: str) -> int | None:
        try:
            found = os.stat(self._path(key), follow_symlinks=False)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return found.st_size
