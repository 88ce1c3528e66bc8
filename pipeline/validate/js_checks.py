"""JavaScript/JSX checks: the files parse (tree-sitter's JavaScript grammar, JSX included),
relative imports resolve, bare imports are declared in package.json, and the frontend talks
to the backend's port."""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from typing import Any

from pipeline.artifacts import Design, Diagnostic, FileSet

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


@cache
def _parser() -> Any:
    import tree_sitter_javascript
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_javascript.language()))


def _first_error(node: Any) -> Any:
    if node.type == "ERROR" or node.is_missing:
        return node
    for child in node.children:
        if child.has_error:
            found = _first_error(child)
            if found is not None:
                return found
    return None


def check_syntax(files: FileSet, root: str = "frontend") -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, source in sorted(files.files.items()):
        if not (path.startswith(root + "/") and path.endswith((".js", ".jsx", ".mjs"))):
            continue
        tree = _parser().parse(source.encode("utf-8"))
        if tree.root_node.has_error:
            node = _first_error(tree.root_node)
            line = (node.start_point[0] + 1) if node is not None else 0
            what = f"missing {node.type!r}" if node is not None and node.is_missing else "unexpected syntax"
            found.append(
                Diagnostic(
                    file=path, line=line, check="js.syntax", message=f"parse error: {what}", owner="uix"
                )
            )
    return found


_HOST_PORT = re.compile(r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0):(\d{2,5})")


def check_base_urls(design: Design, files: FileSet, root: str = "frontend") -> list[Diagnostic]:
    """Every backend address the frontend names uses the backend's port; no other port is called."""
    found: list[Diagnostic] = []
    allowed = {str(design.backend_port), str(design.frontend_port)}
    for path, source in sorted(files.files.items()):
        if (
            not path.startswith(root + "/")
            or not path.endswith((".js", ".jsx", ".mjs", ".ts", ".tsx", ".html", ".json"))
            or path.endswith("package.json")
        ):
            continue
        for match in _HOST_PORT.finditer(source):
            if match[1] not in allowed:
                line = source.count("\n", 0, match.start()) + 1
                found.append(
                    Diagnostic(
                        file=path,
                        line=line,
                        check="contract.base-url",
                        message=f"calls port {match[1]}, but the backend listens on {design.backend_port}",
                        owner="uix",
                    )
                )
    api = files.files.get(f"{root}/src/api.js", "")
    base = re.search(r"const BASE\s*=\s*([^;\n]+)", api)
    if base and re.search(r"['\"`]https?://", base[1]) and str(design.backend_port) not in base[1]:
        found.append(
            Diagnostic(
                file=f"{root}/src/api.js",
                line=api.count("\n", 0, base.start()) + 1,
                check="contract.base-url",
                message=f"the API base URL {base[1].strip()} is not the backend's",
                owner="uix",
            )
        )
    return found
