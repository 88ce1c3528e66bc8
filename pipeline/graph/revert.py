"""Reverting only as far as one must: the custom operations that still fail leave the contract,
each with its route and the tests that call it; the operations whose own tests pass stay.
Pure functions over the design and the files.

A failing check speaks for an operation when it names it: a failing test through the operation
it calls (``Diagnostic.operations``), a contract check through its ``METHOD /path``, a stub
through the route function it sits in. A finding that speaks for an entity's plain CRUD sends
that entity's CRUD back to the scaffold (``graph.revert_crud``); one that speaks for neither (the
app does not import) cannot be narrowed: the side then falls back whole.
"""

from __future__ import annotations

import ast
import json
import re

from pipeline._ast import parse as safe_parse
from pipeline.artifacts import CustomOperation, Design, Diagnostic
from pipeline.templates import naming
from pipeline.validate.evidence import operations_called

ROUTE_DECORATOR = re.compile(r"^\w+\.(get|post|put|patch|delete)$")


def failing_operations(
    diagnostics: list[Diagnostic], design: Design, files: dict[str, str]
) -> set[str] | None:
    """The custom operations the backend's errors speak for, or None when some error speaks for
    none (or for a scaffold operation, which is never dropped)."""
    custom = [op for op in design.custom_operations if not op.scaffold]
    found: set[str] = set()
    for d in diagnostics:
        if d.severity != "error" or d.owner != "backend":
            continue
        named = [o for o in d.operations if any(op.operation_id == o for op in custom)]
        named = named or [op.operation_id for op in custom if _names(d, op, files)]
        if not named:
            return None
        found.update(named)
    return found or None


def _names(d: Diagnostic, op: CustomOperation, files: dict[str, str]) -> bool:
    label = f"{op.method.upper()} {op.path}"
    if re.search(rf"{re.escape(label)}(?![\w/{{])", d.message) or f"({op.operation_id})" in d.message:
        return True
    source = files.get(d.file, "")
    if not d.line or not d.file.endswith(".py") or "/tests/" in d.file:
        return False
    route = next((r for r in route_functions(source) if r[0] == (op.method, op.path)), None)
    return route is not None and route[1] <= d.line <= route[2]


def route_functions(source: str) -> list[tuple[tuple[str, str], int, int]]:
    """((method, path), first line, last line) of each route function, decorators included."""
    try:
        tree = safe_parse(source)
    except SyntaxError:
        return []
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and ROUTE_DECORATOR.match(ast.unparse(decorator.func))
                and decorator.args
                and isinstance(decorator.args[0], ast.Constant)
            ):
                method = ast.unparse(decorator.func).rsplit(".", 1)[1]
                start = min(d.lineno for d in node.decorator_list)
                found.append(((method, str(decorator.args[0].value)), start, node.end_lineno or node.lineno))
    return found


def _cut(source: str, spans: list[tuple[int, int]]) -> str:
    lines = source.split("\n")
    for start, end in sorted(spans, reverse=True):
        del lines[start - 1 : end]
    return "\n".join(lines)


def without_routes(source: str, operations: list[CustomOperation]) -> str:
    """``source`` without the route functions of ``operations``."""
    wanted = {(op.method, op.path) for op in operations}
    return _cut(source, [(a, b) for route, a, b in route_functions(source) if route in wanted])


def without_tests(source: str, operations: list[CustomOperation]) -> tuple[str, list[str]]:
    """``source`` without the test functions that call any of ``operations``; and their names."""
    try:
        tree = safe_parse(source)
    except SyntaxError:
        return source, []
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.name.startswith("test"):
            continue
        if operations_called(source, node.name, operations):
            start = min([d.lineno for d in node.decorator_list] or [node.lineno])
            spans.append((start, node.end_lineno or node.lineno))
            names.append(node.name)
    return _cut(source, spans), names


def has_tests(source: str) -> bool:
    try:
        tree = safe_parse(source)
    except SyntaxError:
        return True
    return any(
        isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and n.name.lower().startswith("test")
        for n in tree.body
    )


def drop_tests(files: dict[str, str], operations: list[CustomOperation]) -> tuple[dict[str, str], list[str]]:
    """The backend's files without the tests of ``operations`` (a test module left with no test
    goes too); and the tests removed, as ``path::name``."""
    result = dict(files)
    removed: list[str] = []
    for path, text in files.items():
        if not (
            path.startswith("backend/tests/")
            and path.rsplit("/", 1)[-1].startswith("test")
            and path.endswith(".py")
        ):
            continue
        kept, names = without_tests(text, operations)
        if not names:
            continue
        removed += [f"{path}::{n}" for n in names]
        if has_tests(kept):
            result[path] = kept
        else:
            del result[path]
    return result, removed


def without_some(design: Design, ids: set[str]) -> Design:
    """The design without the custom operations ``ids``: their paths and schemas leave the contract."""
    paths: dict[str, object] = {}
    for path, item in design.contract.get("paths", {}).items():
        kept = {
            m: op for m, op in item.items() if not (isinstance(op, dict) and op.get("operationId") in ids)
        }
        if any(m in ("get", "post", "put", "patch", "delete") for m in kept):
            paths[path] = kept
    names = {naming.pascal(i) for i in ids}
    components = design.contract.get("components", {})
    schemas = {
        k: v
        for k, v in components.get("schemas", {}).items()
        if not any(k in (f"{n}Request", f"{n}Response", f"{n}Item") for n in names)
    }
    contract = {**design.contract, "paths": paths, "components": {**components, "schemas": schemas}}
    kept_ops = [op for op in design.custom_operations if op.operation_id not in ids]
    return design.model_copy(update={"contract": contract, "custom_operations": kept_ops})


def drop_operations(
    design: Design, files: dict[str, str], ids: set[str]
) -> tuple[Design, dict[str, str], list[str]]:
    """The design without ``ids``, and the backend without their routes and tests; and the
    tests removed."""
    gone = [op for op in design.custom_operations if op.operation_id in ids]
    result, removed = drop_tests(files, gone)
    for path, text in result.items():
        if path.endswith(".py") and "/tests/" not in path and route_functions(text):
            result[path] = without_routes(text, gone)
    return without_some(design, ids), result, removed


def left_out_stubs(api: str, operations: list[CustomOperation]) -> str:
    """The API client with a function for each dropped operation that says so instead of calling
    a route that is gone, so views written for the rest of the app still build and run."""
    stubs = [
        f"\nexport function {naming.camel(op.operation_id)}() {{\n"
        f"  return Promise.reject(new Error({json.dumps(f'{op.summary or op.operation_id} was left out of this app')}));\n"
        "}\n"
        for op in operations
        if f"export function {naming.camel(op.operation_id)}(" not in api
    ]
    return api.rstrip("\n") + "\n" + "".join(stubs)
