"""The frontend against the contract's shapes: the query parameter names a call sends are the
operation's declared ones, and the keys a view reads from an operation's answer are in its
response schema. A wrong name here gives no error anywhere else (the server ignores an unknown
query parameter, and JavaScript reads a missing key as ``undefined``), so it is a static finding
for the UI's agent, with the names the contract allows.

The JavaScript is parsed (tree-sitter). A call is tied to an operation when it is
``request('METHOD', 'path', …)`` with a literal method and path, or a call of a function a module
exports whose body is such a call (``api.js``'s functions); a ``fetch`` of a literal URL has its
query string read. Its answer is followed only where it
is bound for certain: ``const x = await f()``, ``const { a, b } = await f()``, ``(await f()).a``
and ``f().then((x) => …)``; then ``x.key``, ``x.key.sub``, ``x[0].key`` and array callbacks
(``x.map((row) => row.key)``). A schema whose keys are open (no properties, ``additionalProperties``,
a union) ends the walk. Whatever cannot be tied so is not judged: no finding is a guess.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from pipeline.artifacts import Design, Diagnostic, FileSet
from pipeline.validate.contract_checks import normalize
from pipeline.validate.js_answers import (
    AnswerReader,
    JsFile,
    Node,
    call_args,
    descendants,
    key_name,
    literal,
    resolve,
)
from pipeline.validate.js_checks import _parser

Route = tuple[str, str]
_METHODS = ("get", "post", "put", "patch", "delete")
_SUFFIXES = ("", ".js", ".jsx", "/index.js", "/index.jsx")
_FUNCTIONS = ("arrow_function", "function_expression", "function_declaration", "function")


@dataclass(frozen=True)
class Operation:
    label: str
    """``METHOD /path (operationId)``, as findings name it."""
    operation_id: str
    query: frozenset[str]
    response: Any
    """The success answer's schema (``$ref`` unresolved), or None."""


@dataclass(frozen=True)
class Exported:
    """A module's exported function that is one call of ``request``: which operation, and which
    of its parameters becomes the query (None: it sends none from its arguments)."""

    route: Route
    query_arg: int | None
    returns_answer: bool


def check_frontend_contract(design: Design, files: FileSet, root: str = "frontend") -> list[Diagnostic]:
    """Each query name and response key the frontend uses against the contract's operations."""
    operations = contract_operations(design.contract)
    if not operations:
        return []
    trees = {
        path: _parser().parse(source.encode("utf-8")).root_node
        for path, source in sorted(files.files.items())
        if path.startswith(root + "/") and path.endswith((".js", ".jsx", ".mjs"))
    }
    exported = {path: _exported(tree, operations) for path, tree in trees.items()}
    found: list[Diagnostic] = []
    for path, tree in trees.items():
        if tree.has_error:
            continue  # js.syntax says so; a broken tree's shapes are not read
        file = JsFile(path, files.files[path].encode("utf-8"))
        callable_ = {name: (path, name) for name in exported[path]}
        callable_.update(_imports(tree, path, exported, file))
        checker = _Checker(operations, AnswerReader(design.contract, file), design.api_prefix)
        for call in descendants(tree, "call_expression"):
            checker.call(call, callable_, exported)
        found += _unique(file.found)
    return found


def contract_operations(contract: dict[str, Any]) -> dict[Route, Operation]:
    found: dict[Route, Operation] = {}
    for path, item in (contract.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if method not in _METHODS or not isinstance(op, dict):
                continue
            params = [resolve(p, contract) for p in op.get("parameters") or []]
            query = frozenset(
                str(p.get("name")) for p in params if isinstance(p, dict) and p.get("in") == "query"
            )
            response = None
            for code, answer in sorted((op.get("responses") or {}).items()):
                if str(code).startswith("2") and isinstance(answer, dict):
                    response = ((answer.get("content") or {}).get("application/json") or {}).get("schema")
                    break
            op_id = str(op.get("operationId", ""))
            label = f"{method.upper()} {path} ({op_id})"
            found[(method.upper(), normalize(path))] = Operation(label, op_id, query, response)
    return found


def _object_keys(node: Node) -> list[tuple[str, Node]]:
    """The keys an object literal certainly has (spreads and computed keys are not read)."""
    keys = []
    for child in node.named_children:
        if child.type == "shorthand_property_identifier":
            keys.append((child.text.decode("utf-8", "replace"), child))
        elif child.type == "pair" and (key := child.child_by_field_name("key")) is not None:
            name = key_name(key)
            if name is not None:
                keys.append((name, key))
    return keys


def _request_route(call: Node, operations: dict[Route, Operation]) -> tuple[Route, str] | None:
    """The route of ``request('METHOD', 'path', …)`` when it is in the contract, with the
    path's literal query string."""
    callee = call.child_by_field_name("function")
    if callee is None or callee.type != "identifier" or callee.text != b"request":
        return None
    args = call_args(call)
    method, path = (literal(args[0]), literal(args[1])) if len(args) >= 2 else (None, None)
    if method is None or path is None:
        return None
    path, _, query = path.partition("?")
    route = (method.upper(), normalize(path))
    return (route, query) if route in operations else None


def _fetch_route(call: Node, operations: dict[Route, Operation], prefix: str) -> tuple[Route, str] | None:
    """The route of ``fetch(`${BASE}/api/…?name=…`, { method: 'POST' })`` when it is in the
    contract, with the URL's literal query string (its answer is a Response: not followed)."""
    callee = call.child_by_field_name("function")
    args = call_args(call)
    if callee is None or callee.type != "identifier" or callee.text != b"fetch" or not args:
        return None
    url = literal(args[0])
    at = url.find(prefix + "/") if url is not None else -1
    if url is None or at < 0:
        return None
    method: str | None = "GET"
    if len(args) > 1:
        options = args[1].named_children if args[1].type == "object" else [None]
        for option in options:  # a method that is not a literal, or options that are not: not judged
            if option is None or option.type == "spread_element" or option.text == b"method":
                return None
            key = option.child_by_field_name("key") if option.type == "pair" else None
            if key is not None and key_name(key) == "method":
                method = literal(option.child_by_field_name("value"))
    if method is None:
        return None
    path, _, query = url[at:].partition("?")
    route = (method.upper(), normalize(path))
    return (route, query) if route in operations else None


def _query_value(call: Node) -> Node | None:
    args = call_args(call)
    if len(args) < 3 or args[2].type != "object":
        return None
    for child in args[2].named_children:
        if child.type == "shorthand_property_identifier" and child.text == b"query":
            return child
        if (
            child.type == "pair"
            and (key := child.child_by_field_name("key")) is not None
            and key_name(key) == "query"
        ):
            return child.child_by_field_name("value")
    return None


def _parameters(function: Node) -> list[str | None]:
    single = function.child_by_field_name("parameter")
    if single is not None:
        return [single.text.decode("utf-8", "replace")]
    params = function.child_by_field_name("parameters")
    names: list[str | None] = []
    for p in params.named_children if params is not None else []:
        if p.type == "assignment_pattern":
            p = p.child_by_field_name("left")
        names.append(p.text.decode("utf-8", "replace") if p is not None and p.type == "identifier" else None)
    return names


def _exported(tree: Node, operations: dict[Route, Operation]) -> dict[str, Exported]:
    """The module's exported functions that are one call of ``request`` to a contract route."""
    found: dict[str, Exported] = {}
    for statement in tree.named_children:
        if (
            statement.type != "export_statement"
            or (declaration := statement.child_by_field_name("declaration")) is None
        ):
            continue
        candidates: list[tuple[Node, Node]] = []
        if declaration.type == "function_declaration":
            candidates.append((declaration.child_by_field_name("name"), declaration))
        elif declaration.type == "lexical_declaration":
            for declarator in declaration.named_children:
                value = declarator.child_by_field_name("value")
                if (
                    declarator.type == "variable_declarator"
                    and value is not None
                    and value.type in _FUNCTIONS
                ):
                    candidates.append((declarator.child_by_field_name("name"), value))
        for name, function in candidates:
            body = function.child_by_field_name("body")
            calls = (
                [(c, r) for c in descendants(body, "call_expression") if (r := _request_route(c, operations))]
                if body is not None
                else []
            )
            if name is None or len(calls) != 1:
                continue
            call, (route, _) = calls[0]
            query = _query_value(call)
            params = _parameters(function)
            wanted = (
                query.text.decode("utf-8", "replace")
                if query is not None and query.type in ("identifier", "shorthand_property_identifier")
                else None
            )
            index = params.index(wanted) if wanted is not None and wanted in params else None
            found[name.text.decode("utf-8", "replace")] = Exported(route, index, _returned(call, body))
    return found


def _returned(call: Node, body: Node) -> bool:
    """The call's answer is what the function returns, as it is."""
    parent = call.parent
    if parent is not None and parent.type == "await_expression":
        call, parent = parent, parent.parent
    return call == body or (
        parent is not None and parent.type == "return_statement" and parent.parent == body
    )


def _imports(
    tree: Node, path: str, exported: dict[str, dict[str, Exported]], file: JsFile
) -> dict[str, tuple[str, str]]:
    """Local name → (module, exported name) for functions imported from the project's modules;
    a namespace import as ``ns.name``."""
    names: dict[str, tuple[str, str]] = {}
    for statement in tree.named_children:
        source = statement.child_by_field_name("source") if statement.type == "import_statement" else None
        spec = literal(source)
        if spec is None or not spec.startswith("."):
            continue
        base = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
        target = next((base + s for s in _SUFFIXES if base + s in exported), None)
        if target is None:
            continue
        for specifier in descendants(statement, "import_specifier"):
            name, alias = specifier.child_by_field_name("name"), specifier.child_by_field_name("alias")
            names[file.text(alias or name)] = (target, file.text(name))
        for namespace in descendants(statement, "namespace_import"):
            local = next((c for c in namespace.named_children if c.type == "identifier"), None)
            if local is not None:
                names.update({f"{file.text(local)}.{n}": (target, n) for n in exported[target]})
    return names


class _Checker:
    """The query names and answers of one file's calls."""

    def __init__(self, operations: dict[Route, Operation], answers: AnswerReader, prefix: str) -> None:
        self.operations = operations
        self.prefix = prefix
        self.answers = answers
        self.file = answers.file

    def call(
        self, call: Node, names: dict[str, tuple[str, str]], exported: dict[str, dict[str, Exported]]
    ) -> None:
        fetched = _fetch_route(call, self.operations, self.prefix)
        if fetched is not None:
            for name in re.findall(r"(?:^|&)([^=&{}]+)=", fetched[1]):
                self.query(self.operations[fetched[0]], name, call)
            return
        direct = _request_route(call, self.operations)
        if direct is not None:
            route, query_string = direct
            op = self.operations[route]
            for name in re.findall(r"(?:^|&)([^=&{}]+)=", query_string):
                self.query(op, name, call)
            value = _query_value(call)
            if value is not None and value.type == "object":
                for name, node in _object_keys(value):
                    self.query(op, name, node)
            self.answers.answer(call, op.response, op.label, op.operation_id)
            return
        callee = call.child_by_field_name("function")
        target = (
            names.get(self.file.text(callee))
            if callee is not None and callee.type in ("identifier", "member_expression")
            else None
        )
        known = exported[target[0]].get(target[1]) if target else None
        if known is None:
            return
        op = self.operations[known.route]
        args = call_args(call)
        if (
            known.query_arg is not None
            and known.query_arg < len(args)
            and args[known.query_arg].type == "object"
        ):
            for name, node in _object_keys(args[known.query_arg]):
                self.query(op, name, node)
        if known.returns_answer:
            self.answers.answer(call, op.response, op.label, op.operation_id)

    def query(self, op: Operation, name: str, node: Node) -> None:
        if name in op.query:
            return
        allowed = ", ".join(sorted(op.query)) or "none"
        self.file.contract_finding(
            node,
            "contract.query-name",
            f"sends the query parameter {name!r} to {op.label}, which the contract does not "
            f"declare (its query parameters: {allowed})",
            op.operation_id,
        )


def _unique(found: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, str, str]] = set()
    kept = []
    for d in found:
        if d.key() not in seen:
            seen.add(d.key())
            kept.append(d)
    return kept
