"""A generated project's frontend, built for serving under any path: the templates' packages from
the shared read-only cache, others installed from the registry with scripts off, the build in the
sandbox with the network off.

The build runs the project's own code (its package.json script, a vite plugin) with the project
writable, so what it leaves is untrusted: ``dist`` may have become a link, or hold links, fifos or
devices. The host copies ``dist`` out into a folder of its own (:func:`publish_site`), walking it
without following anything and refusing whatever is not a folder or a regular file; the app is
served from that copy and nothing else.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.preview.app import PreviewError, last_lines
from pipeline.sandbox import SandboxLimits, run_sandboxed
from pipeline.sandbox.nofollow import TreeCap, copy_tree, open_beneath, open_folder, opened
from pipeline.validate.npm import install_dependencies, shared_node_modules, uses_template_packages

BUILD_LIMITS = SandboxLimits(
    timeout_s=300, cpu_s=300, memory_mb=2048, address_space_cap=False, max_processes=256
)
NODE_ENV = {"NODE_OPTIONS": "--max-old-space-size=1024", "npm_config_update_notifier": "false"}
SITE_CAP = TreeCap(max_bytes=64 * 1024 * 1024, max_files=5_000, max_depth=16)
"""The most of a built frontend the host copies out and serves."""


def build_frontend(project: Path, site: Path, *, timeout_s: float | None = None) -> Path:
    """Builds ``frontend/dist`` of ``project`` (assets with relative URLs: the app also works under
    a path prefix) and copies it into ``site``, a folder the host makes now and the sandbox never
    writes; returns ``site``. PreviewError with the build's last lines when it fails, or with the
    reason when its output is not plain files."""
    frontend = project / "frontend"
    try:
        with opened(open_folder(project)) as root, opened(open_beneath(root, "frontend/package.json")):
            pass
    except (OSError, PipelineError) as exc:
        raise PreviewError(f"{project} has no frontend/package.json: is it a generated project?") from exc
    mounts: list[tuple[Path, Path]] = []
    if uses_template_packages(frontend):
        mounts = [(shared_node_modules(), frontend / "node_modules")]
        if (frontend / "node_modules").is_symlink():  # a link left by an earlier unsandboxed run
            (frontend / "node_modules").unlink()
    elif not (frontend / "node_modules").is_dir():
        with tempfile.TemporaryDirectory(prefix="pipeline-npm-") as tmp:
            notes = [d for d in install_dependencies(frontend, Path(tmp)) if d.severity == "error"]
        if notes:
            raise PreviewError(f"the frontend's packages could not be installed: {notes[0].message}")
    limits = BUILD_LIMITS if timeout_s is None else replace(BUILD_LIMITS, timeout_s=timeout_s)
    build = run_sandboxed(
        ["npm", "run", "build", "--", "--base", "./"],
        cwd=frontend,
        limits=limits,
        env=NODE_ENV,
        mounts=mounts,
    )
    if build.timed_out:
        raise PreviewError(f"the frontend's build took more than {limits.timeout_s:.0f} s and was stopped")
    if build.returncode != 0:
        raise PreviewError("the frontend did not build", last_lines(build.stdout + build.stderr))
    return publish_site(project, site)


def publish_site(project: Path, site: Path) -> Path:
    """``frontend/dist`` of ``project`` copied into ``site`` (made now), following no link on the
    way or inside; PreviewError when it is missing, a link, or holds anything but folders and
    regular files."""
    try:
        with (
            opened(open_folder(project)) as root,
            opened(open_beneath(root, "frontend/dist", folder=True)) as dist,
        ):
            copy_tree(dist, site, cap=SITE_CAP, other="refuse")
    except PipelineError as exc:
        raise PreviewError(f"the built frontend is not served: {exc}") from exc
    except OSError as exc:
        raise PreviewError(
            f"the built frontend is not served: frontend/dist is missing or a link ({exc.strerror})"
        ) from exc
    return site
