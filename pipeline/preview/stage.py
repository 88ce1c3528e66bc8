"""Where one app is built and runs: a capped scratch folder the host makes (a tmpfs of its own
when the host may mount one), holding

```
<scratch>/project   the code: unpacked or copied in, writable by the build and the app
<scratch>/data      the app's database and uploads, writable by the app (kept by the caller)
<scratch>/site      the built frontend, copied out of project/frontend/dist by the host; read-only
<scratch>/run       the app's socket, made by the host; never bound into a sandbox
```

Everything the sandbox may write is inside the cap, so a disk filler meets ENOSPC. The data
folder is the only thing that outlives the stage: :meth:`Stage.keep_data` copies it out (no link
followed, nothing but folders and regular files) and :meth:`Stage.restore_data` copies it back in.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.sandbox.nofollow import TreeCap, copy_tree, open_beneath, open_folder, opened
from pipeline.sandbox.scratch import Scratch

STAGE_MB = 384
"""Room for one app's code, build, data and site (its own node_modules included, when it has
packages the templates do not)."""


@dataclass
class Stage:
    scratch: Scratch

    @classmethod
    def create(cls, parent: Path, name: str, *, size_mb: int = STAGE_MB) -> Stage:
        stage = cls(Scratch.create(parent, name, size_mb=size_mb))
        stage.run.mkdir(mode=0o700)
        return stage

    @property
    def root(self) -> Path:
        return self.scratch.path

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def cap(self) -> TreeCap:
        return TreeCap(max_bytes=self.scratch.size_mb * 1024 * 1024, max_files=100_000, max_depth=64)

    def restore_data(self, kept: Path | None) -> None:
        """The data folder, copied from ``kept`` (a folder the host kept, whose contents the app
        wrote) when there is one, else empty."""
        if kept is not None and kept.is_dir() and not kept.is_symlink():
            with opened(open_folder(kept)) as source:
                copy_tree(source, self.data, cap=self.cap, other="skip")
        else:
            self.data.mkdir(mode=0o755)

    def keep_data(self, kept: Path) -> None:
        """Copies the data folder to ``kept`` (replacing what was there), following nothing the
        app made; links, fifos and devices in it are left out."""
        kept.parent.mkdir(parents=True, exist_ok=True)
        fresh = kept.with_name(f".{kept.name}.{uuid.uuid4().hex[:8]}")
        try:
            with opened(open_folder(self.data)) as source:
                copy_tree(source, fresh, cap=self.cap, other="skip")
            old = kept.with_name(f".{kept.name}.old.{uuid.uuid4().hex[:8]}")
            with contextlib.suppress(FileNotFoundError):
                os.rename(kept, old)
            os.rename(fresh, kept)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    def release(self) -> None:
        self.scratch.release()


COPY_SKIP = frozenset(
    {"node_modules", ".git", "__pycache__", ".venv", ".pytest_cache"}
    | {"frontend/dist", "backend/.run", "backend/app.db", "backend/uploads"}
)
"""Left out when a project folder is copied into a stage: what a build or the app makes, and
what the stage brings its own of (packages, the data)."""


def copy_project_in(project: Path, stage: Stage) -> None:
    """The code of ``project`` (a folder the operator named) into the stage, nothing followed:
    links, fifos and devices in it are left out."""
    with opened(open_folder(project)) as source:
        copy_tree(source, stage.project, cap=stage.cap, other="skip", skip=COPY_SKIP)


def load_backend_data(project: Path, stage: Stage) -> None:
    """The data folder, from ``project/backend``'s ``app.db`` and ``uploads`` (where ``run`` has
    always kept them), read without following links."""
    stage.data.mkdir(mode=0o755)
    try:
        root, backend = _open_backend(project)
    except (OSError, PipelineError):
        return
    with opened(root), opened(backend), opened(open_folder(stage.data)) as data:
        with contextlib.suppress(OSError, PipelineError), opened(open_beneath(backend, "app.db")) as db:
            _write_from(db, stage.data / "app.db")
        with (
            contextlib.suppress(OSError, PipelineError),
            opened(open_beneath(backend, "uploads", folder=True)) as up,
        ):
            copy_tree(up, (data, "uploads"), cap=stage.cap, other="skip")


def _open_backend(project: Path) -> tuple[int, int]:
    root = open_folder(project)
    try:
        return root, open_beneath(root, "backend", folder=True)
    except BaseException:
        os.close(root)
        raise


def save_backend_data(project: Path, stage: Stage) -> None:
    """The app's ``app.db`` and ``uploads`` back into ``project/backend``, each replaced whole
    (a name there that became a link is replaced, never written through)."""
    with opened(open_folder(project)) as root, opened(open_beneath(root, "backend", folder=True)) as backend:
        tag = uuid.uuid4().hex[:8]
        with opened(open_folder(stage.data)) as data:
            with contextlib.suppress(OSError, PipelineError), opened(open_beneath(data, "app.db")) as db:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
                with opened(os.open(f".app.db.{tag}", flags, 0o644, dir_fd=backend)) as out:
                    _pump(db, out)
                os.replace(f".app.db.{tag}", "app.db", src_dir_fd=backend, dst_dir_fd=backend)
            with (
                contextlib.suppress(OSError, PipelineError),
                opened(open_beneath(data, "uploads", folder=True)) as up,
            ):
                copy_tree(up, (backend, f".uploads.{tag}"), cap=stage.cap, other="skip")
                with contextlib.suppress(FileNotFoundError):
                    os.rename("uploads", f".uploads.old.{tag}", src_dir_fd=backend, dst_dir_fd=backend)
                os.rename(f".uploads.{tag}", "uploads", src_dir_fd=backend, dst_dir_fd=backend)
        for name in (f".uploads.old.{tag}", f".uploads.{tag}"):
            with contextlib.suppress(OSError):
                shutil.rmtree(name, dir_fd=backend)
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=backend)


def _write_from(source_fd: int, target: Path) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    with opened(os.open(target, flags, 0o644)) as out:
        _pump(source_fd, out)


def _pump(source_fd: int, target_fd: int) -> None:
    while chunk := os.read(source_fd, 1024 * 1024):
        view = memoryview(chunk)
        while view:
            view = view[os.write(target_fd, view) :]
