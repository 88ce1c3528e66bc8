"""Built frontends kept between runs of ``python -m pipeline run``, so that running an unchanged
project again does not build it again. A site is keyed by the SHA-256 of the frontend's sources
as copied into the stage (never read from the project), and kept only as the host's own copy of
what a build produced; a build whose output was refused is never kept."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

from pipeline.preview.build import SITE_CAP, build_frontend
from pipeline.preview.stage import Stage
from pipeline.sandbox.nofollow import copy_tree, open_folder, opened

KEPT = 16
"""Sites kept at most; the ones used longest ago go first."""
SOURCE_SKIP = frozenset({"node_modules", "dist"})


def sites_dir() -> Path:
    return Path.home() / ".cache" / "pipeline" / "sites"


def source_key(frontend: Path) -> str:
    """The SHA-256 of every file's path and bytes under ``frontend`` (a folder the host copied
    into a stage: it holds no links), packages and build output left out."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(frontend):
        folders[:] = sorted(f for f in folders if f not in SOURCE_SKIP)
        for name in sorted(files):
            path = Path(folder, name)
            digest.update(path.relative_to(frontend).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_or_reuse(stage: Stage, *, cache: Path | None = None) -> bool:
    """``stage.site``, copied from the cache when these sources were built before, else built now
    and then kept; True when it was built."""
    cache = cache or sites_dir()
    kept = cache / source_key(stage.project / "frontend")
    if kept.is_dir() and not kept.is_symlink():
        with opened(open_folder(kept)) as source:
            copy_tree(source, stage.site, cap=SITE_CAP)
        os.utime(kept)
        return False
    build_frontend(stage.project, stage.site)
    cache.mkdir(parents=True, exist_ok=True)
    fresh = cache / f".{kept.name}.{uuid.uuid4().hex[:8]}"
    with opened(open_folder(stage.site)) as source:
        copy_tree(source, fresh, cap=SITE_CAP)
    try:
        fresh.rename(kept)
    except OSError:  # another run kept the same sources first
        shutil.rmtree(fresh, ignore_errors=True)
    for old in sorted(cache.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)[KEPT:]:
        shutil.rmtree(old, ignore_errors=True)
    return True
