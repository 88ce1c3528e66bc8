"""Writes a generated project to disk without ever leaving its folder.

Generated paths are untrusted (an LLM wrote them). ``check_relative_path`` is the pure
rule; ``write_project`` adds what only the filesystem can tell: symlinks on the way,
existing folders, sizes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from pipeline.errors import OutputDirError, ProjectTooLargeError, UnsafePathError

# Windows device names are refused everywhere: a project must unpack on any OS.
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.IGNORECASE)
_FORBIDDEN_CHARS = set('<>:"|?*') | {chr(c) for c in range(32)} | {"\x7f"}
_MAX_PATH_CHARS = 240
_MAX_PART_CHARS = 120


def check_relative_path(path: str) -> str:
    """Return the normalized form of ``path`` or raise :class:`UnsafePathError`."""
    if not isinstance(path, str) or not path.strip():
        raise UnsafePathError(str(path), "the path is empty")
    if "\\" in path:
        raise UnsafePathError(path, "backslashes are not allowed; use '/' between folders")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or path.startswith("~"):
        raise UnsafePathError(path, "absolute paths are not allowed; give a path relative to the project")
    if len(path) > _MAX_PATH_CHARS:
        raise UnsafePathError(path, f"the path is longer than {_MAX_PATH_CHARS} characters")
    parts: list[str] = []
    for part in PurePosixPath(path).parts:
        if part == ".":
            continue
        if part == "..":
            raise UnsafePathError(path, "'..' would leave the output folder")
        if bad := sorted(set(part) & _FORBIDDEN_CHARS):
            raise UnsafePathError(path, f"it contains a forbidden character {bad[0]!r}")
        if _DEVICE.match(part):
            raise UnsafePathError(path, f"{part!r} is a reserved device name")
        if part.endswith((" ", ".")):
            raise UnsafePathError(path, f"{part!r} ends with a space or a dot")
        if len(part) > _MAX_PART_CHARS:
            raise UnsafePathError(path, f"a path part is longer than {_MAX_PART_CHARS} characters")
        parts.append(part)
    if not parts:
        raise UnsafePathError(path, "the path names no file")
    if parts[0] == ".git":
        raise UnsafePathError(path, "writing into .git is not allowed")
    return "/".join(parts)


def check_sizes(
    files: Mapping[str, str], *, max_file_bytes: int, max_project_bytes: int, max_files: int
) -> None:
    if len(files) > max_files:
        raise ProjectTooLargeError(f"the project has {len(files)} files; the cap is {max_files}")
    total = 0
    for path, content in files.items():
        size = len(content.encode("utf-8", "surrogatepass"))
        if size > max_file_bytes:
            raise ProjectTooLargeError(
                f"{path} is {size:,} bytes; the cap per file is {max_file_bytes:,}",
                hint="raise PIPELINE_MAX_FILE_BYTES if this is expected",
            )
        total += size
    if total > max_project_bytes:
        raise ProjectTooLargeError(
            f"the project is {total:,} bytes; the cap is {max_project_bytes:,}",
            hint="raise PIPELINE_MAX_PROJECT_BYTES if this is expected",
        )


def ensure_writable_dir(root: Path, *, force: bool) -> None:
    """Refuse a non-empty output folder unless ``force``; refuse a file or a symlink."""
    if root.is_symlink():
        raise OutputDirError(f"output folder {root} is a symbolic link", hint="give a real folder")
    if root.exists() and not root.is_dir():
        raise OutputDirError(f"output path {root} exists and is not a folder", hint="choose another --out")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise OutputDirError(
            f"output folder {root} is not empty",
            hint="choose another --out, or pass --force to write over it",
        )


def write_project(
    root: Path,
    files: Mapping[str, str],
    *,
    force: bool = False,
    max_file_bytes: int = 1_000_000,
    max_project_bytes: int = 20_000_000,
    max_files: int = 2000,
) -> list[str]:
    """Write ``files`` under ``root``; every path is checked before anything is written."""
    normalized = {check_relative_path(p): c for p, c in files.items()}
    check_sizes(
        normalized, max_file_bytes=max_file_bytes, max_project_bytes=max_project_bytes, max_files=max_files
    )
    ensure_writable_dir(root, force=force)
    root.mkdir(parents=True, exist_ok=True)
    real_root = root.resolve()
    written: list[str] = []
    for rel, content in sorted(normalized.items()):
        target = real_root.joinpath(*rel.split("/"))
        _make_parents(real_root, target.parent, rel)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(target, flags, 0o644)
        except OSError as exc:
            raise UnsafePathError(rel, f"cannot be written safely ({exc.strerror})") from exc
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        written.append(rel)
    return written


def _make_parents(root: Path, parent: Path, rel: str) -> None:
    """Create folders one by one, refusing any that is (or became) a symlink."""
    current = root
    for part in parent.relative_to(root).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            os.mkdir(current, 0o755)
            continue
        if stat.S_ISLNK(mode):
            raise UnsafePathError(rel, f"folder {part!r} is a symbolic link; links are never followed")
        if not stat.S_ISDIR(mode):
            raise UnsafePathError(rel, f"{part!r} exists and is not a folder")


def remove_file(root: Path, rel: str) -> bool:
    """Delete ``rel`` under ``root`` (a regular file, never through a symlink). False when absent."""
    rel = check_relative_path(rel)
    real_root = root.resolve()
    target = real_root.joinpath(*rel.split("/"))
    current = real_root
    for part in rel.split("/")[:-1]:
        current = current / part
        if not current.is_dir() or current.is_symlink():
            return False
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(mode):
        raise UnsafePathError(rel, "is not a regular file; not removed")
    target.unlink()
    return True


def read_text_files(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """The text of each of ``paths`` that exists under ``root`` as a regular file."""
    found: dict[str, str] = {}
    real_root = root.resolve()
    for rel in paths:
        target = real_root.joinpath(*check_relative_path(rel).split("/"))
        if target.is_file() and not target.is_symlink():
            found[rel] = target.read_text(encoding="utf-8", errors="replace")
    return found
