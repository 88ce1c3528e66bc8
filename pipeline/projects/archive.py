"""A project folder as a zip (what the service keeps of a job) and back."""

from __future__ import annotations

import difflib
import io
import shutil
import zipfile
from pathlib import Path

MAX_DIFF_FILE = 200_000


def zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def unpack(data: bytes, folder: Path) -> None:
    """A zip into ``folder`` (emptied first); members that would land outside it are skipped."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    root = folder.resolve()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            target = (folder / member.filename).resolve()
            if member.is_dir() or not target.is_relative_to(root):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))


def _texts(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if (
                member.is_dir()
                or member.file_size > MAX_DIFF_FILE
                or member.filename.startswith((".pipeline/", ".git/"))
            ):
                continue
            try:
                out[member.filename] = archive.read(member).decode("utf-8")
            except UnicodeDecodeError:
                out[member.filename] = "(binary)\n"
    return out


def diff_archives(before: bytes, after: bytes, before_name: str = "a", after_name: str = "b") -> str:
    """A unified diff of two projects' text files (the record under ``.pipeline/`` left out)."""
    old, new = _texts(before), _texts(after)
    chunks: list[str] = []
    for path in sorted(set(old) | set(new)):
        if old.get(path) == new.get(path):
            continue
        chunks.extend(
            difflib.unified_diff(
                old.get(path, "").splitlines(keepends=True),
                new.get(path, "").splitlines(keepends=True),
                f"{before_name}/{path}" if path in old else "/dev/null",
                f"{after_name}/{path}" if path in new else "/dev/null",
            )
        )
    return "".join(chunks)
