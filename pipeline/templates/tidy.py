"""Generated Python, tidied the way its owner's tools would: imports sorted and unused ones
removed, then formatted, by ruff under the ``ruff.toml`` the backend ships.

Templates print code fragments in many combinations (a feature in or out, one entity or ten);
tidying the result once is what makes every combination pass ``ruff check`` and ``ruff format
--check`` without hand-formatting each branch of each template. Model-written files go through
the same step before they are written, so a project on disk never fails its own format check.
Only whole-file rewrites ruff itself calls safe are applied; ruff reads the code, never runs it.

A run tidies the same files several times (rendered, checked by DEBUG, written): each tidied
file is remembered by a hash of its path and text, so ruff runs only for a tree that holds a
file it has not tidied yet.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from pipeline._memo import BoundedMemo

FIXED_ON_WRITE = ("I001", "F401")
"""Import order and unused imports: fixed when written, never worth a model's fix round."""
REMEMBERED = 4096
"""Tidied files kept in memory (a backend is a few dozen); the least recently used go first."""

_tidied: BoundedMemo[str, str] = BoundedMemo(REMEMBERED)


@cache
def ruff_config() -> str:
    """The ``ruff.toml`` every generated backend ships (its owner's CI runs ruff under it)."""
    return (resources.files("pipeline.templates") / "files" / "backend" / "ruff.toml").read_text("utf-8")


def write_tree(sources: Mapping[str, str], folder: Path, root: str = "backend/") -> None:
    """The Python files under ``root`` laid out in ``folder`` as the owner's ``root`` folder, with
    the app's ``ruff.toml`` at its top, so ruff resolves paths and settings as the owner's CI
    does. Only ours: a ruff.toml a model wrote is no Python source and is never laid out."""
    (folder / "ruff.toml").write_text(ruff_config(), encoding="utf-8")
    for path, text in sources.items():
        target = folder / path.removeprefix(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def ruff(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """ruff over a tree ``write_tree`` laid out in ``folder``, under that tree's ``ruff.toml`` alone."""
    return subprocess.run(
        [str(find_ruff_bin()), *args, "--config", "ruff.toml", "--no-cache", "."],
        cwd=folder, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def python_sources(files: Mapping[str, str], root: str = "backend/") -> dict[str, str]:
    return {path: text for path, text in files.items() if path.startswith(root) and path.endswith(".py")}


def tidy_python(files: Mapping[str, str], root: str = "backend/") -> dict[str, str]:
    """``files`` with every Python file under ``root`` tidied; other files as they were. A file
    ruff cannot parse is left as it is (DEBUG's checks report it)."""
    sources = python_sources(files, root)
    if not sources:
        return dict(files)
    known = _known(sources)
    if known is not None:
        return {**files, **known}
    with tempfile.TemporaryDirectory(prefix="pipeline-tidy-") as tmp:
        return {**files, **tidy_tree(sources, Path(tmp), root)}


def tidy_tree(sources: Mapping[str, str], folder: Path, root: str = "backend/") -> dict[str, str]:
    """``sources`` tidied, and laid out so in ``folder`` (by ``write_tree``) for a check to read."""
    known = _known(sources)
    write_tree(known or sources, folder, root)
    if known is not None:
        return known
    ruff(["check", "--fix", "--select", ",".join(FIXED_ON_WRITE), "--exit-zero", "-q"], folder)
    ruff(["format", "-q"], folder)
    tidied = {path: (folder / path.removeprefix(root)).read_text(encoding="utf-8") for path in sources}
    _tidied.put_all(
        [(_key(path, text), tidied[path]) for path, text in sources.items()]
        + [(_key(path, text), text) for path, text in tidied.items()]  # tidy text is its own tidying
    )
    return tidied


def _known(sources: Mapping[str, str]) -> dict[str, str] | None:
    """Every file of the tree as tidied before, or None when one is new: the tree is tidied
    whole, since ruff sorts imports knowing the tree's own modules."""
    keys = [_key(path, text) for path, text in sources.items()]
    found = dict(zip(sources, _tidied.get_all(keys), strict=True))
    if any(text is None for text in found.values()):
        return None
    return {path: text for path, text in found.items() if text is not None}


def _key(path: str, text: str) -> str:
    return hashlib.sha256(f"{path}\0{text}".encode()).hexdigest()
