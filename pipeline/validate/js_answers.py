"""Following an operation's answer through the frontend's JavaScript (a tree-sitter tree):
where it is bound for certain, which keys are read from it, and whether the response schema has
them. A binding the reader cannot be sure of (a name declared twice in its scope, a ``let``,
a value passed on to a function) ends the walk: nothing is judged by guess.

Pure functions over parsed trees, used by ``validate.js_contract``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.artifacts import Diagnostic

Node = Any  # a tree_sitter.Node
# what an answer (plain JSON) has besides its own keys
_PROTOTYPE = {"constructor", "hasOwnProperty", "toString", "valueOf", "toLocaleString", "isPrototypeOf"}
_ITEM_CALLBACKS = {"map", "forEach", "filter", "find", "findLast", "some", "every", "flatMap", "findIndex"}
_SAME_ARRAY = {"filter", "slice", "toSorted", "toReversed", "concat"}
_ONE_ITEM = {"find", "findLast", "at"}
# where an identifier declares a name rather than reads it: anywhere in these, or in this field
_DECLARING_FIELD = {
    "assignment_expression": "left", "augmented_assignment_expression": "left", "assignment_pattern": "left",
    "for_in_statement": "left", "variable_declarator": "name", "function_declaration": "name",
    "function_expression": "name", "class_declaration": "name", "arrow_function": "parameter",
}  # fmt: skip
_DECLARING = {
    "formal_parameters",
    "catch_clause",
    "import_specifier",
    "namespace_import",
    "array_pattern",
    "rest_pattern",
}


@dataclass
class JsFile:
    path: str
    source: bytes
    found: list[Diagnostic] = field(default_factory=list)

    def line(self, node: Node) -> int:
        return int(node.start_point[0]) + 1

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def contract_finding(self, node: Node, check: str, message: str, operation_id: str) -> None:
        """A call at ``node`` that does not keep to the contract of ``operation_id``: the UI's to fix."""
        self.found.append(
            Diagnostic(
                file=self.path,
                line=self.line(node),
                check=check,
                message=message,
                owner="uix",
                operations=[operation_id],
            )
        )


# --- schemas ------------------------------------------------------------------------------------


def resolve(schema: Any, doc: dict[str, Any]) -> Any:
    for _ in range(20):
        if not (isinstance(schema, dict) and "$ref" in schema):
            break
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        schema = ((doc.get("components") or {}).get("schemas") or {}).get(name)
    return schema


def _definite(schema: Any, doc: dict[str, Any]) -> Any:
    """The schema with ``$ref`` and a nullable union resolved; None when it is any other union."""
    schema = resolve(schema, doc)
    if isinstance(schema, dict) and ("anyOf" in schema or "oneOf" in schema):
        options = [
            o for o in schema.get("anyOf") or schema.get("oneOf") or [] if resolve(o, doc) != {"type": "null"}
        ]
        return _definite(options[0], doc) if len(options) == 1 else None
    return schema if isinstance(schema, dict) and "allOf" not in schema else None


def _keys(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The object's keys and their schemas, when the schema closes them."""
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        return None
    if schema.get("additionalProperties") not in (None, False) or schema.get("patternProperties"):
        return None
    return properties


def _items(schema: dict[str, Any]) -> Any:
    return schema.get("items") if schema.get("type") == "array" or "items" in schema else None


# --- the JavaScript -----------------------------------------------------------------------------


def descendants(node: Node, kind: str) -> list[Node]:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            found.append(current)
        stack.extend(reversed(current.children))
    found.sort(key=lambda n: n.start_byte)
    return found


def call_args(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return [a for a in (arguments.named_children if arguments is not None else []) if a.type != "comment"]


def literal(node: Node | None) -> str | None:
    """A string's text, or a template's with each ``${…}`` as ``{}``; None for anything else."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(child.text.decode("utf-8", "replace"))
        elif child.type == "template_substitution":
            parts.append("{}")
        elif child.type == "escape_sequence":
            return None
    return "".join(parts)


def key_name(key: Node) -> str | None:
    if key.type in ("property_identifier", "number"):
        return str(key.text.decode("utf-8", "replace"))
    return literal(key) if key.type == "string" else None


class AnswerReader:
    """Checks the keys read from answers in one file; findings go to ``file.found``."""

    def __init__(self, contract: dict[str, Any], file: JsFile) -> None:
        self.contract = contract
        self.file = file
        self.label = self.operation_id = ""
        """The operation whose answer is being followed."""

    # -- following an answer --------------------------------------------------------------------

    def answer(self, call: Node, schema: Any, label: str, operation_id: str) -> None:
        """Where the call's answer (of the operation ``label``) certainly goes: a const, a
        destructuring, ``(await …).key``, or the first ``.then`` callback."""
        if schema is None:
            return
        self.label, self.operation_id = label, operation_id
        parent = call.parent
        if parent is not None and parent.type == "await_expression":
            holder = parent.parent
            if (
                holder is not None
                and holder.type == "variable_declarator"
                and holder.child_by_field_name("value") == parent
            ):
                declaration = holder.parent
                if (
                    declaration is not None
                    and declaration.type == "lexical_declaration"
                    and declaration.child(0).type == "const"
                ):
                    self.bind(holder.child_by_field_name("name"), declaration.parent, schema)
            elif holder is not None and holder.type == "parenthesized_expression":
                self.follow(holder, schema)
        elif (
            parent is not None
            and parent.type == "member_expression"
            and parent.child_by_field_name("object") == call
            and self.file.text(parent.child_by_field_name("property")) == "then"
            and parent.parent is not None
            and parent.parent.type == "call_expression"
        ):
            self.callback(parent.parent, schema)

    def callback(self, call: Node, schema: Any) -> None:
        """``call``'s first argument is a function whose first parameter gets a value of ``schema``."""
        args = call_args(call)
        if not args or args[0].type not in ("arrow_function", "function_expression"):
            return
        function = args[0]
        first = function.child_by_field_name("parameter")
        if first is None and (params := function.child_by_field_name("parameters")) is not None:
            first = next(iter(params.named_children), None)
        if first is not None:
            self.bind(first, function, schema)

    def bind(self, name: Node | None, scope: Node | None, schema: Any) -> None:
        if name is None or scope is None:
            return
        if name.type == "object_pattern":
            self.pattern(name, schema)
        elif name.type == "identifier":
            text = name.text
            uses = [n for n in descendants(scope, "identifier") if n.text == text and n != name]
            shadowed = [
                n for n in descendants(scope, "shorthand_property_identifier_pattern") if n.text == text
            ]
            if shadowed or any(_declares(n) for n in uses):
                return  # another binding of the name in its scope: which one a use reads is not judged
            for use in uses:
                self.follow(use, schema)

    def pattern(self, pattern: Node, schema: Any) -> None:
        definite = _definite(schema, self.contract)
        keys = _keys(definite) if definite is not None else None
        if keys is None:
            return
        for child in pattern.named_children:
            if child.type == "object_assignment_pattern":
                child = child.child_by_field_name("left")
            if child is None:
                continue
            if child.type == "shorthand_property_identifier_pattern":
                self.key(child, child.text.decode("utf-8", "replace"), keys)
            elif child.type == "pair_pattern" and (key := child.child_by_field_name("key")) is not None:
                name = key_name(key)
                if name is not None and self.key(key, name, keys):
                    value = child.child_by_field_name("value")
                    if value is not None and value.type == "assignment_pattern":
                        value = value.child_by_field_name("left")
                    if value is not None and value.type == "object_pattern":
                        self.pattern(value, keys[name])

    def follow(self, node: Node, schema: Any) -> None:
        """``node`` evaluates to a value of ``schema``: check the keys read from it."""
        definite = _definite(schema, self.contract)
        parent = node.parent
        if definite is None or parent is None:
            return
        if parent.type == "member_expression" and parent.child_by_field_name("object") == node:
            prop = parent.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                return
            name = self.file.text(prop)
            keys = _keys(definite)
            if keys is not None:
                if self.key(prop, name, keys, read=parent):
                    self.follow(parent, keys[name])
                return
            items = _items(definite)
            call = parent.parent
            if (
                items is None
                or call is None
                or call.type != "call_expression"
                or call.child_by_field_name("function") != parent
            ):
                return
            if name in _ITEM_CALLBACKS:
                self.callback(call, items)
            if name in _SAME_ARRAY:
                self.follow(call, definite)
            elif name in _ONE_ITEM:
                self.follow(call, items)
        elif parent.type == "subscript_expression" and parent.child_by_field_name("object") == node:
            index = parent.child_by_field_name("index")
            items = _items(definite)
            if items is not None and index is not None and index.type == "number":
                self.follow(parent, items)
        elif parent.type in ("parenthesized_expression", "non_null_expression"):
            self.follow(parent, schema)

    def key(self, node: Node, name: str, keys: dict[str, Any], read: Node | None = None) -> bool:
        """Whether the answer has ``name``; a finding when it does not."""
        if name in keys or name in _PROTOTYPE:
            return name in keys
        shown = self.file.text(read) if read is not None else name
        self.file.contract_finding(
            node,
            "contract.response-key",
            f"reads {name!r} ({shown[:80]}) from the answer of {self.label}, whose response "
            f"schema has no such key (it has: {', '.join(sorted(keys)[:25])})",
            self.operation_id,
        )
        return False


def _declares(identifier: Node) -> bool:
    """The identifier declares or assigns its name (a parameter, a variable, a target)."""
    parent = identifier.parent
    if parent is None:
        return False
    where = _DECLARING_FIELD.get(parent.type)
    if where is not None:
        return bool(parent.child_by_field_name(where) == identifier)
    return bool(parent.type in _DECLARING)
