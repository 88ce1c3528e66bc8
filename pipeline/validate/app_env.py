"""The Python a generated backend runs on: its own pinned packages, never a guess.

``requirements.txt`` is untrusted. Only plain package requirements are installed (a name, extras,
version clauses): an option line (``-e``, ``--index-url``, ``-r``), a URL or a direct reference is
refused with the reason. pip runs outside the sandbox with ``--only-binary=:all:``, so it unpacks
wheels and runs no package's build script; nothing installed runs until the app's own tests start,
in the sandbox, where the environment is bound read-only.

Each environment is a venv kept per requirements hash under ``PIPELINE_APP_ENVS_DIR`` (default
``~/.cache/pipeline/app-envs``), outside every project, made once and shared. When the running
interpreter already has every pinned version (a development install), it is used as is.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Literal

from pipeline.artifacts import Diagnostic

ENV_CHECK = "python.environment"
INSTALL_TIMEOUT_S = 600
REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)"
    r"(?:\[[A-Za-z0-9._-]+(?:\s*,\s*[A-Za-z0-9._-]+)*\])?"
    r"(?P<spec>(?:\s*(?:===|==|!=|~=|>=|<=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*,?)*)\s*$"
)


@dataclass(frozen=True)
class AppEnvironment:
    python: str | None
    """The interpreter to run the app's code with; None when none could be made."""
    findings: list[Diagnostic] = field(default_factory=list)


def app_envs_dir() -> Path:
    configured = os.environ.get("PIPELINE_APP_ENVS_DIR", "").strip()
    return Path(configured) if configured else Path.home() / ".cache" / "pipeline" / "app-envs"


def parse_requirements(text: str) -> tuple[list[str], list[str]]:
    """(requirements to install, refusals with their reasons)."""
    wanted: list[str] = []
    refused: list[str] = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            refused.append(f"{line[:60]!r}: pip options are not allowed in a generated project")
        elif "://" in line or "@" in line or ";" in line:
            refused.append(f"{line[:60]!r}: only registry packages by name and version are installed")
        elif not REQUIREMENT.match(line):
            refused.append(f"{line[:60]!r}: not a package requirement")
        else:
            wanted.append(" ".join(line.split()))
    return wanted, refused


def _satisfied_here(wanted: list[str]) -> bool:
    """The running interpreter has every requirement at its exact pinned version."""
    for line in wanted:
        match = REQUIREMENT.match(line)
        pins = re.fullmatch(r"\s*==\s*([A-Za-z0-9.+!_-]+)\s*", match["spec"]) if match else None
        if match is None or pins is None:
            return False
        try:
            if metadata.version(match["name"]) != pins[1]:
                return False
        except metadata.PackageNotFoundError:
            return False
    return True


def _refusal(message: str, owner: Literal["backend", "debug"] = "backend") -> Diagnostic:
    return Diagnostic(file="backend/requirements.txt", check=ENV_CHECK, message=message, owner=owner)


def _scaffold_only(wanted: list[str]) -> bool:
    """Every requirement is one the templates pin: if those cannot be installed, the fault is
    this machine's (no index, no wheel), and no model can fix it."""
    from pipeline.templates.registry import BLUEPRINTS
    from pipeline.templates.render import BACKEND_PINS

    kinds = [pin for b in BLUEPRINTS.values() for pin in b.pins]  # chess's python-chess
    pins = {f"{name}=={version}".lower() for name, version in [*BACKEND_PINS.items(), *kinds]}
    return all(w.lower().replace(" ", "") in pins for w in wanted)


def app_environment(requirements: str) -> AppEnvironment:
    """The interpreter the app's pinned packages are installed for, made on first use."""
    wanted, refused = parse_requirements(requirements)
    if refused:
        return AppEnvironment(None, [_refusal("not installed: " + "; ".join(refused)[:400])])
    if _satisfied_here(wanted):
        return AppEnvironment(sys.executable)
    key = hashlib.sha256("\n".join(sorted(w.lower() for w in wanted)).encode()).hexdigest()[:16]
    root = app_envs_dir()
    target = root / key
    python = target / "bin" / "python"
    if python.is_file():
        return AppEnvironment(str(python))
    root.mkdir(parents=True, exist_ok=True)
    with (root / f".{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one maker per environment; the others wait, then use it
        if python.is_file():
            return AppEnvironment(str(python))
        problem = _make(target, wanted)
    if problem:
        return AppEnvironment(None, [_refusal(problem, "debug" if _scaffold_only(wanted) else "backend")])
    return AppEnvironment(str(python))


def _make(target: Path, wanted: list[str]) -> str:
    """Make the venv at ``target`` with ``wanted`` from wheels; the reason when it cannot be."""
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    base = getattr(sys, "_base_executable", sys.executable)
    try:
        made = subprocess.run([base, "-m", "venv", str(staging)], capture_output=True, text=True, timeout=120)
        if made.returncode != 0:
            return f"could not make an environment for the app: {made.stderr.strip()[-300:]}"
        if wanted:
            pip = subprocess.run(
                [str(staging / "bin" / "python"), "-m", "pip", "install", "--only-binary=:all:",
                 "--no-input", "--disable-pip-version-check", "--no-warn-script-location", "--", *wanted],
                capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
            )  # fmt: skip
            if pip.returncode != 0:
                said = [line for line in pip.stderr.strip().splitlines() if "ERROR" in line] or [
                    pip.stderr[-300:]
                ]
                return f"the app's packages could not be installed from wheels: {' '.join(said)[:400]}"
        staging.rename(target)
        return ""
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"could not make an environment for the app: {exc}"
    finally:
        shutil.rmtree(staging, ignore_errors=True)
