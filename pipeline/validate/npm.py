"""Installing a generated frontend's packages without running anything it brought.

``package.json`` is untrusted. Only plain registry versions are installed (no URLs, git, files,
aliases or workspaces, which could point npm at a host the project chose); npm runs with
``--ignore-scripts`` in a clean folder holding nothing but the manifest and its lockfile, so a
project's ``.npmrc`` is never read (the operator's global npm config is). That step alone has the
network, and it runs npm, never project code. The build that follows runs in the sandbox offline.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.artifacts import Diagnostic
from pipeline.sandbox import SandboxLimits, run_sandboxed

INSTALL_LIMITS = SandboxLimits(timeout_s=600, memory_mb=3072, address_space_cap=False, network=True)
NAME = re.compile(r"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]{0,213}$")
VERSION = re.compile(r"^[\s0-9xX*^~<>=|.+a-zA-Z-]{1,64}$")
"""A semver range; the letters allow prerelease tags (``1.0.0-beta.2``), nothing with a colon or slash."""


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
            elif name not in template_packages():
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


TEMPLATE_LOCK = "files/frontend/package-lock.json"
"""The lockfile shipped with the templates: exact versions and integrity hashes, no addresses."""


@cache
def shipped_lock() -> str:
    """The templates' lockfile, read once per process."""
    return (resources.files("pipeline.templates") / TEMPLATE_LOCK).read_text(encoding="utf-8")


def template_packages() -> frozenset[str]:
    """The packages the templates ask for: the lockfile's root dependencies, so one list holds."""
    root = json.loads(shipped_lock())["packages"][""]
    return frozenset({**root.get("dependencies", {}), **root.get("devDependencies", {})})


def _lock_packages(text: str) -> dict[str, object]:
    """A lockfile's packages, without the root's name and version (each project has its own)."""
    packages = dict(json.loads(text).get("packages") or {})
    root = dict(packages.get("", {}))
    root.pop("name", None)
    root.pop("version", None)
    packages[""] = root
    return packages


def deps_cache_dir() -> Path:
    configured = os.environ.get("PIPELINE_FRONTEND_DEPS_DIR", "").strip()
    return Path(configured) if configured else Path.home() / ".cache" / "pipeline" / "frontend-deps"


def uses_template_packages(root: Path) -> bool:
    """The project's manifest and lockfile ask for exactly the templates' packages."""
    shipped = _lock_packages(shipped_lock())
    try:
        manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
        lock = root / "package-lock.json"
        locked = _lock_packages(lock.read_text(encoding="utf-8")) if lock.is_file() else None
    except (OSError, ValueError, AttributeError):
        return False
    wanted = shipped[""]
    asked = {k: manifest.get(k) or {} for k in ("dependencies", "devDependencies")}
    same_manifest = isinstance(wanted, dict) and all(asked[k] == (wanted.get(k) or {}) for k in asked)
    return same_manifest and (locked is None or locked == shipped)


def shared_node_modules() -> Path:
    """The templates' packages, installed once from the shipped lockfile (``npm ci``, scripts off)
    into a read-only folder that every build and preview binds read-only: after the first time,
    no build needs the network."""
    lock_text = shipped_lock()
    key = hashlib.sha256(json.dumps(_lock_packages(lock_text), sort_keys=True).encode()).hexdigest()[:16]
    target = deps_cache_dir() / key
    if (target / "node_modules").is_dir():
        return target / "node_modules"
    staging = deps_cache_dir() / f".{key}.{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    try:
        root_entry = json.loads(lock_text)["packages"][""]
        manifest = {"name": "pipeline-frontend-deps", "version": "1.0.0", "private": True}
        manifest |= {k: root_entry[k] for k in ("dependencies", "devDependencies") if k in root_entry}
        (staging / "package.json").write_text(json.dumps(manifest))
        lock = json.loads(lock_text)
        lock["name"] = lock["packages"][""]["name"] = manifest["name"]
        (staging / "package-lock.json").write_text(json.dumps(lock))
        outcome = run_sandboxed(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=staging,
            limits=INSTALL_LIMITS,
            env={"npm_config_cache": str(staging / ".npm-cache"), "npm_config_update_notifier": "false"},
        )
        if outcome.returncode != 0:
            raise RuntimeError(f"npm ci of the templates' packages failed: {outcome.stderr.strip()[-300:]}")
        shutil.rmtree(staging / ".npm-cache", ignore_errors=True)
        for folder, _dirs, files in os.walk(staging / "node_modules"):
            for name in files:
                path = Path(folder, name)
                path.chmod(path.stat().st_mode & ~0o222)
        try:
            staging.rename(target)
        except OSError:  # another process finished first: its copy is the same
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target / "node_modules"


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
    if (root / "package-lock.json").is_file():
        shutil.copyfile(root / "package-lock.json", clean / "package-lock.json")
    install = run_sandboxed(
        ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=clean,
        limits=INSTALL_LIMITS,
        env={
            "npm_config_cache": str(clean / ".npm-cache"),
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
