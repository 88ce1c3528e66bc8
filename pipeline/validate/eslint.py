"""The frontend under its owner's linter: ESLint with the rules every generated app ships
(``eslint.config.js``: JavaScript's recommended rules and React's hooks rules).

The rules are ours, not the project's: a copy of the templates' config is written beside the
code and named with ``-c``, so a model cannot switch a rule off by editing its own config. ESLint
and its plugins come from the templates' shared, read-only packages (installed once from the
shipped lockfile, kept per its hash outside every project: the project's own ``npm install`` is
never needed, so DEBUG's static level runs it); it runs in the sandbox with the network off (its
config is a JavaScript module, and the project's folder is untrusted).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import OrderedDict
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.artifacts import Diagnostic, FileSet
from pipeline.sandbox import SandboxLimits, SandboxUnavailable, run_sandboxed
from pipeline.validate.npm import shared_node_modules
from pipeline.validate.runtime import SANDBOX_CHECK, materialize, not_run

LINT_LIMITS = SandboxLimits(
    timeout_s=120, cpu_s=120, memory_mb=1024, address_space_cap=False, max_processes=64
)
OUR_CONFIG = "pipeline-eslint.config.mjs"  # a module whatever the project's package.json says


@cache
def eslint_config() -> str:
    return (resources.files("pipeline.templates") / "files" / "frontend" / "eslint.config.js").read_text(
        "utf-8"
    )


_SEEN: OrderedDict[str, list[Diagnostic]] = OrderedDict()
"""Findings per frontend text, in this process: DEBUG lints each round, and a round that left the
frontend as it was (a backend-only fix) need not start ESLint again."""
_SEEN_MAX = 64


def npm_lint(frontend: FileSet, *, limits: SandboxLimits = LINT_LIMITS) -> list[Diagnostic]:
    """ESLint's findings on the frontend: errors send the UI's agent a fix round."""
    sources = {p: t for p, t in frontend.files.items() if p.startswith("frontend/src/")}
    if not sources:
        return []
    key = hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()
    if key in _SEEN:
        _SEEN.move_to_end(key)
        return list(_SEEN[key])
    found = _lint(FileSet(files=sources, agent=frontend.agent, provider=frontend.provider), limits)
    if not any(d.check in ("js.lint", SANDBOX_CHECK) for d in found):  # a run that did not happen is not kept
        _SEEN[key] = found
        while len(_SEEN) > _SEEN_MAX:
            _SEEN.popitem(last=False)
    return list(found)


def _lint(frontend: FileSet, limits: SandboxLimits) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory(prefix="pipeline-eslint-") as tmp:
        root = materialize(frontend, Path(tmp) / "frontend", "frontend/")
        (root / OUR_CONFIG).write_text(eslint_config(), encoding="utf-8")
        try:
            outcome = run_sandboxed(
                ["node", "node_modules/eslint/bin/eslint.js", "-c", OUR_CONFIG, "-f", "json", "src"],
                cwd=root, limits=limits, mounts=[(shared_node_modules(), root / "node_modules")],
            )  # fmt: skip
        except SandboxUnavailable as exc:
            return [not_run(exc)]
        except RuntimeError as exc:  # the toolchain could not be installed: this machine's fault
            return [
                Diagnostic(file="frontend/src", check="js.lint", message=f"ESLint did not run: {exc}",
                           severity="warning", owner="debug")
            ]  # fmt: skip
        prefix = str(root) + "/"
    try:
        results = json.loads(outcome.stdout or "null")
    except json.JSONDecodeError:
        results = None
    if not isinstance(results, list):
        said = (outcome.stderr or outcome.stdout).strip()[-300:]
        return [
            Diagnostic(
                file="frontend/src", check="js.lint", message=f"ESLint did not run: {said}", owner="uix"
            )
        ]
    found: list[Diagnostic] = []
    for result in results:
        path = "frontend/" + str(result.get("filePath", "")).removeprefix(prefix).lstrip("/")
        for message in result.get("messages") or []:
            rule = message.get("ruleId") or "syntax"
            found.append(
                Diagnostic(
                    file=path,
                    line=int(message.get("line") or 0),
                    check=f"js.lint.{rule}",
                    owner="uix",
                    severity="error" if message.get("severity") == 2 else "warning",
                    message=f"ESLint {rule}: {message.get('message', '')}",
                )
            )
    return found
