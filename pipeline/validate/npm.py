"""Installing a generated frontend's packages without running anything it brought.

``package.json`` is untrusted. Only plain registry versions are installed (no URLs, git, files,
aliases or workspaces, which could point npm at a host the project chose); npm runs with
``--ignore-scripts`` in a clean folder holding nothing but the manifest and its lockfile (so a
project's ``.npmrc`` is never read), with no user or global config. That step alone has the
network, and it runs npm, never project code. The build that follows runs in the sandbox offline.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from pipeline.artifacts import Diagnostic
from pipeline.sandbox import SandboxLimits, run_sandboxed

INSTALL_LIMITS = SandboxLimits(timeout_s=600, memory_mb=3072, address_space_cap=False, network=True)
NAME = re.compile(r"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]{0,213}$")
VERSION = re.compile(r"^[\s0-9xX*^~<>=|.+a-zA-Z-]{1,64}$")
"""A semver range; the letters allow prerelease tags (``1.0.0-beta.2``), nothing with a colon or slash."""
TEMPLATE_PACKAGES = frozenset({"react", "react-dom", "vite", "@vitejs/plugin-react"})


def dependency_findings(manifest: dict[str, object]) -> list[Diagnostic]:
    """Refusals for dependencies that are not registry versions, and a note for each package
    the templates do not use (a model added it)."""
    found: list[Diagnostic] = []
    for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        entries = manifest.get(section) or {}
        if not isinstance(entries, dict):
            found.append(_refuse(f"{section} is not an object"))
            continue
        for name, spec in entries.items():
            if not isinstance(spec, str) or not NAME.match(name) or not VERSION.match(spec):
                found.append(_refuse(f"{name!r}: {spec!r} is not a registry package version"))
            elif name not in TEMPLATE_PACKAGES:
                found.append(
                    Diagnostic(
                        file="frontend/package.json",
                        check="js.dependency-added",
                        message=f"{name}@{spec} is not one of the templates' packages: review it before trusting it",
                        severity="info",
                        owner="uix",
                    )
                )
    for key in ("bundledDependencies", "bundleDependencies", "overrides", "workspaces"):
        if manifest.get(key):
            found.append(_refuse(f"{key} is not allowed in a generated project"))
    return found


def _refuse(why: str) -> Diagnostic:
    return Diagnostic(
        file="frontend/package.json", check="js.install", message=f"not installed: {why}", owner="uix"
    )


def install_dependencies(root: Path, scratch: Path) -> list[Diagnostic]:
    """``node_modules`` for the project in ``root``, or the reasons it was not installed."""
    try:
        manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [_refuse(f"package.json does not parse: {exc}")]
    if not isinstance(manifest, dict):
        return [_refuse("package.json is not an object")]
    findings = dependency_findings(manifest)
    if any(d.severity == "error" for d in findings):
        return findings
    clean = scratch / "install"
    clean.mkdir(parents=True, exist_ok=True)
    (clean / "package.json").write_text(
        json.dumps(
            {k: manifest[k] for k in ("name", "version", "dependencies", "devDependencies") if k in manifest}
        )
    )
    for rc in ("user.npmrc", "global.npmrc"):  # empty: no config but ours
        (scratch / rc).write_text("")
    if (root / "package-lock.json").is_file():
        shutil.copyfile(root / "package-lock.json", clean / "package-lock.json")
    install = run_sandboxed(
        ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=clean,
        limits=INSTALL_LIMITS,
        readable=[scratch / "user.npmrc", scratch / "global.npmrc"],
        env={
            "npm_config_cache": str(clean / ".npm-cache"),
            "npm_config_userconfig": str(scratch / "user.npmrc"),
            "npm_config_globalconfig": str(scratch / "global.npmrc"),
            "npm_config_ignore_scripts": "true",
            "npm_config_update_notifier": "false",
        },
    )
    if install.returncode != 0:
        return [
            *findings,
            Diagnostic(
                file="frontend/package.json",
                check="js.install",
                message=f"npm install failed: {(install.stderr or install.stdout).strip()[-300:]}",
                owner="uix",
            ),
        ]
    shutil.rmtree(root / "node_modules", ignore_errors=True)
    if (clean / "node_modules").is_dir():  # a project without dependencies has none
        shutil.move(str(clean / "node_modules"), str(root / "node_modules"))
    return [d for d in findings if d.severity != "error"]
