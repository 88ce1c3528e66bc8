"""The project's git history: one commit per generation or edit, and the generated text of every
file kept reachable as the base of the next three-way merge.

The working tree commit holds what is on disk (your changes included). The generated tree,
exactly as the pipeline made it, is committed beside it on ``refs/pipeline/generated`` through a
private index, so your working tree and index are never touched for it. A project's blob ids
(``record.blob_id``) name those blobs. Without git every function here is a no-op and the
recorded hashes still say which files you changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

GENERATED_REF = "refs/pipeline/generated"
IDENTITY = ("-c", "user.name=pipeline", "-c", "user.email=pipeline@localhost", "-c", "commit.gpgsign=false")


def has_git() -> bool:
    return shutil.which("git") is not None


def is_repo(root: Path) -> bool:
    return (root / ".git").exists()


def _git(root: Path, *args: str, stdin: str | None = None, env: Mapping[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *IDENTITY, *args],
        input=stdin, capture_output=True, text=True, timeout=60,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
    )  # fmt: skip
    if done.returncode != 0:
        raise OSError(f"git {args[0]} failed in {root}: {done.stderr.strip()[:300]}")
    return done.stdout


def commit_your_changes(root: Path, request: str) -> str | None:
    """Commit what you changed by hand since the last commit, so an edit never buries it."""
    if not (has_git() and is_repo(root)) or not _git(root, "status", "--porcelain").strip():
        return None
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", f"Your changes before the edit: {request[:60]}")
    return _git(root, "rev-parse", "HEAD").strip()


def commit_generation(root: Path, generated: Mapping[str, str], message: str) -> str | None:
    """Commit the working tree, and the generated tree on ``refs/pipeline/generated``.
    Returns the working tree's commit, or None without git."""
    if not has_git():
        return None
    if not is_repo(root):
        _git(root, "init", "-q", "-b", "main")
    _commit_generated_tree(root, generated, message)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--allow-empty", "-m", message)
    return _git(root, "rev-parse", "HEAD").strip()


def _commit_generated_tree(root: Path, generated: Mapping[str, str], message: str) -> None:
    with tempfile.TemporaryDirectory(prefix="pipeline-gen-") as tmp:
        paths = []
        for i, text in enumerate(generated.values()):
            path = Path(tmp) / f"{i}"
            path.write_bytes(text.encode("utf-8"))
            paths.append(str(path))
        blobs = _git(root, "hash-object", "-w", "--stdin-paths", stdin="\n".join(paths) + "\n").split()
        index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        entries = "".join(f"100644 {blob}\t{name}\n" for name, blob in zip(generated, blobs, strict=True))
        _git(root, "update-index", "--add", "--index-info", stdin=entries, env=index)
        tree = _git(root, "write-tree", env=index).strip()
    parent = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "-q", GENERATED_REF], capture_output=True, text=True
    ).stdout.strip()
    commit = _git(
        root, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", f"generated: {message}"
    ).strip()
    _git(root, "update-ref", GENERATED_REF, commit)


def generated_texts(root: Path, blobs: Mapping[str, str]) -> dict[str, str]:
    """path → the text generated last time, for every recorded blob git still has."""
    if not blobs or not (has_git() and is_repo(root)):
        return {}
    done = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input=("\n".join(blobs.values()) + "\n").encode(), capture_output=True, timeout=60,
    )  # fmt: skip
    found: dict[str, str] = {}
    data = done.stdout
    at = 0
    for path, blob in blobs.items():
        end = data.index(b"\n", at)
        header = data[at:end].decode().split()
        at = end + 1
        if len(header) == 3 and header[1] == "blob":
            size = int(header[2])
            found[path] = data[at : at + size].decode("utf-8", errors="replace")
            at += size + 1
        assert header[0] == blob or header[-1] == "missing"
    return found
