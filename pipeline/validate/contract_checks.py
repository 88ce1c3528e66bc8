"""Contract checks: the backend's routes and the frontend's calls against the Design.

Routes are read from the source (decorators and router prefixes), so this runs without
executing generated code; the sandboxed run compares ``app.openapi()`` as well.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from pipeline._ast import parse as safe_parse
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
            tree = safe_parse(source)
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


# --- the app's own OpenAPI against the contract ----------------------------------------------

_IGNORED_KEYS = {"title", "description", "default", "examples", "example"}


def _resolve(schema: Any, doc: dict[str, Any], depth: int = 0) -> Any:
    if isinstance(schema, dict) and "$ref" in schema and depth < 20:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return _resolve(doc.get("components", {}).get("schemas", {}).get(name, {}), doc, depth + 1)
    return schema


def shape(schema: Any, doc: dict[str, Any], depth: int = 0) -> Any:
    """A schema reduced to what a client relies on: types, formats, enums, fields, required."""
    schema = _resolve(schema, doc)
    if not isinstance(schema, dict) or depth > 8:
        return schema
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if not (isinstance(o, dict) and o.get("type") == "null")]
        nullable = len(options) < len(schema["anyOf"])
        inner = (
            shape(options[0], doc, depth + 1)
            if len(options) == 1
            else [shape(o, doc, depth + 1) for o in options]
        )
        return {"nullable": inner} if nullable else inner
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _IGNORED_KEYS:
            continue
        if key == "properties":
            out[key] = {name: shape(sub, doc, depth + 1) for name, sub in value.items()}
        elif key == "items":
            out[key] = shape(value, doc, depth + 1)
        elif key == "required":
            out[key] = sorted(value)
        else:
            out[key] = value
    return out


def _params(op: dict[str, Any], doc: dict[str, Any]) -> dict[tuple[str, str], tuple[bool, Any]]:
    found: dict[tuple[str, str], tuple[bool, Any]] = {}
    for param in op.get("parameters", []):
        param = _resolve(param, doc)
        where = str(param.get("in"))
        name = "{}" if where == "path" else str(param.get("name"))  # path parameter names may differ
        found[(where, name)] = (bool(param.get("required", False)), shape(param.get("schema", {}), doc))
    return found


def _body(op: dict[str, Any], doc: dict[str, Any]) -> Any:
    content = (op.get("requestBody") or {}).get("content", {})
    return shape(content.get("application/json", {}).get("schema"), doc) if content else None


def _success(op: dict[str, Any], doc: dict[str, Any]) -> tuple[str, Any]:
    for code, response in sorted(op.get("responses", {}).items()):
        if str(code).startswith("2"):
            content = (response or {}).get("content", {})
            schema = content.get("application/json", {}).get("schema") if content else None
            return str(code), shape(schema, doc) if schema else None
    return "", None


def compare_openapi(contract: dict[str, Any], actual: dict[str, Any], backend: FileSet) -> list[Diagnostic]:
    """Every operation of the contract, as the running app publishes it: same parameters,
    request body, success status and response schema."""
    found: list[Diagnostic] = []
    have = {
        (m.upper(), normalize(p)): op
        for p, item in actual.get("paths", {}).items()
        for m, op in item.items()
        if m in _METHODS
    }
    for path, item in contract.get("paths", {}).items():
        for method, want in item.items():
            if method not in _METHODS:
                continue
            route = (method.upper(), normalize(path))
            got = have.get(route)
            file = _route_file(backend, route)
            label = f"{route[0]} {path}"
            if got is None:
                found.append(
                    Diagnostic(
                        file=file,
                        check="contract.openapi-route",
                        message=f"{label} is in the contract but not in the app's OpenAPI",
                        owner="backend",
                    )
                )
                continue
            want_params, got_params = _params(want, contract), _params(got, actual)
            for key in sorted(set(want_params) | set(got_params)):
                if key not in got_params:
                    found.append(
                        Diagnostic(
                            file=file,
                            check="contract.parameters",
                            message=f"{label}: {key[0]} parameter {key[1]!r} is missing",
                            owner="backend",
                        )
                    )
                elif key not in want_params:
                    found.append(
                        Diagnostic(
                            file=file,
                            check="contract.parameters",
                            message=f"{label}: {key[0]} parameter {key[1]!r} is not in the contract",
                            severity="warning",
                            owner="backend",
                        )
                    )
                elif want_params[key] != got_params[key]:
                    found.append(
                        Diagnostic(
                            file=file,
                            check="contract.parameters",
                            message=f"{label}: {key[0]} parameter {key[1]!r} differs (contract {want_params[key]}, app {got_params[key]})",
                            owner="backend",
                        )
                    )
            if _body(want, contract) != _body(got, actual):
                found.append(
                    Diagnostic(
                        file=file,
                        check="contract.request-body",
                        message=f"{label}: the request body schema differs from the contract",
                        owner="backend",
                    )
                )
            want_code, want_schema = _success(want, contract)
            got_code, got_schema = _success(got, actual)
            if want_code != got_code:
                found.append(
                    Diagnostic(
                        file=file,
                        check="contract.status",
                        message=f"{label}: answers {got_code or 'no 2xx'} where the contract says {want_code}",
                        owner="backend",
                    )
                )
            elif want_schema != got_schema:
                found.append(
                    Diagnostic(
                        file=file,
                        check="contract.response",
                        message=f"{label}: the {want_code} response schema differs from the contract",
                        owner="backend",
                    )
                )
    return found
