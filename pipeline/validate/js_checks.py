"""JavaScript/JSX checks: relative imports resolve, bare imports are declared in package.json."""

from __future__ import annotations

import json
import posixpath
import re

from pipeline.artifacts import Diagnostic, FileSet

_IMPORT = re.compile(
    r"""^\s*(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?|export\s+[\w*{}\s,]+\s+from\s+)['"]([^'"]+)['"]""",
    re.MULTILINE,
)
_RESOLVE_SUFFIXES = ("", ".js", ".jsx", ".ts", ".tsx", "/index.js", "/index.jsx")
JS_EXTENSIONS = (".js", ".jsx", ".mjs", ".ts", ".tsx")


def _package_name(spec: str) -> str:
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") else parts[0]


def check_imports(files: FileSet, root: str = "frontend") -> list[Diagnostic]:
    sources = {p: c for p, c in files.files.items() if p.startswith(root + "/") and p.endswith(JS_EXTENSIONS)}
    if not sources:
        return []
    declared: set[str] = set()
    found: list[Diagnostic] = []
    pkg_path = f"{root}/package.json"
    try:
        package = json.loads(files.files.get(pkg_path, ""))
        declared = set(package.get("dependencies", {})) | set(package.get("devDependencies", {}))
    except json.JSONDecodeError as exc:
        found.append(
            Diagnostic(
                file=pkg_path,
                line=exc.lineno,
                check="js.package-json",
                message=f"package.json is not valid JSON: {exc.msg}",
                owner="uix",
            )
        )
    for path, source in sorted(sources.items()):
        for match in _IMPORT.finditer(source):
            spec = match[1]
            line = source.count("\n", 0, match.start(1)) + 1
            if spec.startswith("."):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
                if not any(target + suffix in files.files for suffix in _RESOLVE_SUFFIXES):
                    found.append(
                        Diagnostic(
                            file=path,
                            line=line,
                            check="js.missing-file",
                            message=f"imports {spec!r}, which does not exist",
                            owner="uix",
                        )
                    )
            elif (
                not spec.startswith(("/", "http:", "https:", "node:"))
                and _package_name(spec) not in declared
                and pkg_path in files.files
            ):
                found.append(
                    Diagnostic(
                        file=path,
                        line=line,
                        check="js.missing-dependency",
                        message=f"imports {_package_name(spec)!r}, which package.json does not declare",
                        owner="uix",
                    )
                )
    return found
