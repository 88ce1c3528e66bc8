"""A generated project's frontend, built for serving under any path: the templates' packages from
the shared read-only cache, others installed from the registry with scripts off, the build in the
sandbox with the network off."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.preview.app import PreviewError, last_lines
from pipeline.sandbox import SandboxLimits, run_sandboxed
from pipeline.validate.npm import install_dependencies, shared_node_modules, uses_template_packages

BUILD_LIMITS = SandboxLimits(
    timeout_s=300, cpu_s=300, memory_mb=2048, address_space_cap=False, max_processes=256
)
NODE_ENV = {"NODE_OPTIONS": "--max-old-space-size=1024", "npm_config_update_notifier": "false"}


def build_frontend(project: Path) -> Path:
    """``frontend/dist`` of ``project``, built now (assets with relative URLs: the app also works
    under a path prefix); PreviewError with the build's last lines when it fails."""
    frontend = project / "frontend"
    if not (frontend / "package.json").is_file():
        raise PreviewError(f"{project} has no frontend/package.json: is it a generated project?")
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
    build = run_sandboxed(
        ["npm", "run", "build", "--", "--base", "./"],
        cwd=frontend,
        limits=BUILD_LIMITS,
        env=NODE_ENV,
        mounts=mounts,
    )
    if build.returncode != 0:
        raise PreviewError("the frontend did not build", last_lines(build.stdout + build.stderr))
    return frontend / "dist"
