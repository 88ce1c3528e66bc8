"""Strict types for every value that ends up in generated code.

Plans and designs come from a model, a reviewer's JSON or a client's request: all untrusted.
They are checked here, where they enter (pydantic), before any template sees them. Identifiers
match one pattern that is safe in Python, JavaScript and SQL; text is bounded and free of
control and format characters. The templates still escape every value for its language
(``templates/escaping.py``); these types make sure the names they build code from are names.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
API_PATH = re.compile(r"^(?:/(?:[a-z0-9_.-]+|\{[a-z][a-z0-9_]{0,47}\}))+$")
CONTRACT_PATH = re.compile(r"^(?:/(?:[A-Za-z0-9_.~-]+|\{[A-Za-z_][A-Za-z0-9_]{0,63}\}))+/?$|^/$")
OPERATION_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,79}$")
"""Any project's contract (``check`` reads folders we did not make): wider than our own names,
still nothing but a name or a path."""
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

JS_RESERVED = frozenset(
    [
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "arguments",
        "eval",
        "undefined",
        "constructor",
        "prototype",
        "__proto__",
    ]
)
RESERVED_FIELDS = frozenset({"id", "created_at"})
"""Columns every generated table already has."""

_BANNED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
"""Control, format (bidi overrides, zero-width), surrogate, private, unassigned, line/paragraph
separators: invisible or layout-changing characters with no place in a label."""


def check_identifier(value: str) -> str:
    if not IDENTIFIER.match(value):
        raise ValueError(
            f"{value[:60]!r} is not a name: use 1-48 lower-case ASCII letters, digits and _, starting with a letter"
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value) or value in JS_RESERVED:
        raise ValueError(f"{value!r} is a reserved word in Python or JavaScript: choose another name")
    return value


def check_word(value: str) -> str:
    """A key that is only ever data or a property name (``delete`` as a CRUD verb)."""
    if not IDENTIFIER.match(value):
        raise ValueError(f"{value[:60]!r} is not a lower-case ASCII name")
    return value


def check_field_name(value: str) -> str:
    check_identifier(value)
    if value in RESERVED_FIELDS:
        raise ValueError(f"{value!r} is a column every record already has: choose another name")
    return value


def check_api_path(value: str) -> str:
    if len(value) > 200 or not API_PATH.match(value):
        raise ValueError(
            f"{value[:60]!r} is not an API path: /segments of lower-case letters, digits, _ . -, "
            "or {parameter}"
        )
    return value


def check_contract_names(path: str, operation_id: str | None) -> None:
    if len(path) > 300 or not CONTRACT_PATH.match(path):
        raise ValueError(f"the contract's path {path[:60]!r} holds characters a path may not")
    if operation_id is not None and not OPERATION_ID.match(operation_id):
        raise ValueError(f"the contract's operationId {operation_id[:60]!r} is not a name")


def check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"{value[:60]!r} is not a slug: lower-case letters, digits and -, at most 63")
    return value


def _text(value: str, *, most: int, least: int, lines: bool) -> str:
    value = value.strip()
    if len(value) < least:
        raise ValueError("must not be empty")
    if len(value) > most:
        raise ValueError(f"is {len(value)} characters long; at most {most} are allowed")
    for ch in value:
        if lines and ch in "\n\t":
            continue
        if unicodedata.category(ch) in _BANNED_CATEGORIES:
            raise ValueError(f"holds the control or format character U+{ord(ch):04X}; remove it")
    return value


def check_label(value: str) -> str:
    return _text(value, most=80, least=1, lines=False)


def check_choice(value: str) -> str:
    return _text(value, most=60, least=1, lines=False)


def check_prose(value: str) -> str:
    return _text(value, most=2000, least=0, lines=True)


def clean_text(value: object, most: int) -> str:
    """A model's text made into what :func:`check_label` accepts (or ``""``): control and format
    characters dropped, whitespace folded, cut to ``most``. For text a model wrote, which we
    keep rather than refuse; a reviewer's or client's text is refused instead."""
    text = "".join(
        " " if unicodedata.category(ch) in _BANNED_CATEGORIES or ch in "\n\t" else ch for ch in str(value)
    )
    return " ".join(text.split())[:most].strip()


def clean_prose(value: object, most: int) -> str:
    """As :func:`clean_text`, keeping line breaks: for descriptions a model wrote."""
    lines = [clean_text(line, most) for line in str(value).splitlines()]
    return "\n".join(lines).strip()[:most].strip()


Identifier = Annotated[str, AfterValidator(check_identifier)]
Word = Annotated[str, AfterValidator(check_word)]
FieldName = Annotated[str, AfterValidator(check_field_name)]
ApiPath = Annotated[str, AfterValidator(check_api_path)]
Slug = Annotated[str, AfterValidator(check_slug)]
Label = Annotated[str, AfterValidator(check_label)]
"""One line of at most 80 characters: names shown to people (an app, an entity, a field)."""
Choice = Annotated[str, AfterValidator(check_choice)]
Prose = Annotated[str, AfterValidator(check_prose)]
"""Up to 2,000 characters; newlines and tabs allowed, other control characters not."""
