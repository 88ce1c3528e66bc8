"""Contract checks: the backend's routes and the frontend's calls against the Design.

Routes are read from the source (decorators and router prefixes), so this runs without
executing generated code; the sandboxed run compares ``app.openapi()`` as well.
"""

from __future__ import annotations

import ast
import re

from pipeline.artifacts import Design, Diagnostic, FileSet

Route = tuple[str, str]  # (METHOD, path with {} for parameters)
_METHODS = ("get", "post", "put", "patch", "delete")
_CALL = re.compile(r"""request\(\s*['"](GET|POST|PUT|PATCH|DELETE)['"]\s*,\s*[`'"]([^`'"]+)[`'"]""")


def normalize(path: str) -> str:
    """Parameter names do not matter for matching: /a/{id} and /a/${x} are the same route."""
    path = re.sub(r"\$\{[^}]*\}", "{}", path)
    path = re.sub(r"\{[^}]*\}", "{}", path)
    return path.rstrip("/") or "/"


def contract_routes(design: Design) -> dict[Route, str]:
    return {(m.upper(), normalize(p)): op for m, p, op in design.operations()}


def backend_routes(files: FileSet) -> dict[Route, tuple[str, int]]:
    found: dict[Route, tuple[str, int]] = {}
    for path, source in files.files.items():
        if not (path.startswith("backend/") and path.endswith(".py")):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        prefixes = _router_prefixes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for deco in node.decorator_list:
                if (
                    isinstance(deco, ast.Call)
                    and isinstance(deco.func, ast.Attribute)
                    and deco.func.attr in _METHODS
                    and isinstance(deco.func.value, ast.Name)
                    and deco.args
                    and isinstance(deco.args[0], ast.Constant)
                    and isinstance(deco.args[0].value, str)
                ):
                    prefix = prefixes.get(deco.func.value.id, "")
                    found[(deco.func.attr.upper(), normalize(prefix + deco.args[0].value))] = (
                        path,
                        deco.lineno,
                    )
    return found


def _router_prefixes(tree: ast.Module) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1:
            target = node.targets[0]
            for kw in node.value.keywords:
                if kw.arg == "prefix" and isinstance(kw.value, ast.Constant) and isinstance(target, ast.Name):
                    prefixes[target.id] = str(kw.value.value)
    return prefixes


def frontend_calls(files: FileSet) -> list[tuple[Route, str, int]]:
    calls: list[tuple[Route, str, int]] = []
    for path, source in files.files.items():
        if path.startswith("frontend/src/") and path.endswith((".js", ".jsx", ".ts", ".tsx")):
            for match in _CALL.finditer(source):
                calls.append(
                    ((match[1], normalize(match[2])), path, source.count("\n", 0, match.start()) + 1)
                )
    return calls


def check_contract(design: Design, backend: FileSet, frontend: FileSet) -> list[Diagnostic]:
    wanted = contract_routes(design)
    found: list[Diagnostic] = []
    if backend.files:
        have = backend_routes(backend)
        for route, op in sorted(wanted.items()):
            if route not in have:
                found.append(
                    Diagnostic(
                        file=_route_file(backend, route),
                        check="contract.missing-route",
                        message=f"the contract's {route[0]} {route[1]} ({op}) is not implemented",
                        owner="backend",
                    )
                )
        for route, (path, line) in sorted(have.items()):
            if route not in wanted:
                found.append(
                    Diagnostic(
                        file=path,
                        line=line,
                        check="contract.extra-route",
                        message=f"{route[0]} {route[1]} is not in the contract",
                        severity="warning",
                        owner="backend",
                    )
                )
    if frontend.files:
        for route, path, line in frontend_calls(frontend):
            if route not in wanted:
                same_path = [m for (m, p) in wanted if p == route[1]]
                why = (
                    f"the contract has {', '.join(sorted(same_path))} there, not {route[0]}"
                    if same_path
                    else "no such path in the contract"
                )
                found.append(
                    Diagnostic(
                        file=path,
                        line=line,
                        check="contract.unknown-call",
                        message=f"calls {route[0]} {route[1]}: {why}",
                        owner="uix",
                    )
                )
    return found


def _route_file(backend: FileSet, route: Route) -> str:
    resource = route[1].split("/")[2] if route[1].count("/") >= 2 else ""
    candidate = f"backend/app/routes/{resource.replace('-', '_')}.py"
    return candidate if candidate in backend.files else "backend/app/main.py"
