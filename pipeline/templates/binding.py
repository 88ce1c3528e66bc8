"""A kind's operation → the call its route makes, from its handler's parameters.

An operation names a function of its kind's backend module (``op(..., handler="new_game")``).
The function's parameters are read from the module's source with ``ast`` (never imported: it is
the generated app's code) and each is bound by name:

    db                      the app's database
    http_request, or a parameter annotated Request
                            the request itself (cookies, the Authorization header)
    user, me                the signed-in person, when the kind has accounts (``<module>.signed_in``)
    any other name          the request body's field of that name, else the query parameter
    with a default          left out when it binds to nothing above

A handler that does not exist, or a parameter that binds to nothing, is an error when the app is
built, naming the kind, the function and the parameter.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.artifacts import CustomOperation
from pipeline.templates.blueprint import Blueprint

SIGNED_IN_NAMES = ("user", "me")
"""Parameters that take the signed-in person (``<module>.signed_in(db, http_request)``)."""


class BindingError(ValueError):
    """A kind's operation names a function, or a parameter, that its route cannot call."""


@dataclass(frozen=True)
class RouteCall:
    """The Python expression a route returns, and what the route must take to make it."""

    code: str
    needs_db: bool
    needs_request: bool


@dataclass(frozen=True)
class Parameter:
    name: str
    annotation: str
    has_default: bool


# Jinja in a module template ("{% if accounts %}db: Database, {% endif %}"): statements dropped,
# values made a name, so the source parses as the Python it renders to
_JINJA_STATEMENT = re.compile(r"{%-?.*?-?%}", re.S)
_JINJA_VALUE = re.compile(r"{{.*?}}", re.S)


def module_path(blueprint: Blueprint) -> str:
    """The module's template under ``templates/``: ``kinds/chess/backend/app/chess_games.py``."""
    base = f"{blueprint.folder}/backend/app/{blueprint.module}.py"
    root = resources.files("pipeline.templates")
    return base if (root / base).is_file() else f"{base}.j2"


@cache
def signatures(path: str) -> dict[str, tuple[Parameter, ...]]:
    """Every top-level function of a module template, with its parameters."""
    source = (resources.files("pipeline.templates") / path).read_text(encoding="utf-8")
    source = _JINJA_VALUE.sub("_", _JINJA_STATEMENT.sub("", source))
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        raise BindingError(f"templates/{path} does not parse as Python: {error}") from error
    found: dict[str, tuple[Parameter, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            defaults = len(positional) - len(args.defaults)
            params = [
                Parameter(a.arg, ast.unparse(a.annotation) if a.annotation else "", i >= defaults)
                for i, a in enumerate(positional)
            ]
            params += [
                Parameter(a.arg, ast.unparse(a.annotation) if a.annotation else "", d is not None)
                for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
            ]
            found[node.name] = tuple(params)
    return found


def bind(blueprint: Blueprint, op: CustomOperation) -> RouteCall:
    """The call of ``op``'s handler with every parameter bound (see the module's docstring)."""
    handler = blueprint.handlers[op.operation_id]
    if blueprint.module is None:
        raise BindingError(
            f"{blueprint.name}: operation {op.operation_id} has no module to call {handler} in"
        )
    path = module_path(blueprint)
    functions = signatures(path)
    if handler not in functions:
        raise BindingError(
            f"{blueprint.name}: operation {op.operation_id} calls {blueprint.module}.{handler}(), "
            f"which templates/{path} does not define"
        )
    body = set((op.request or {}).get("properties", {}))
    query = {q.name for q in op.query}
    accounts = "accounts" in blueprint.uses
    arguments: list[str] = []
    needs_db = needs_request = False
    for param in functions[handler]:
        if param.name == "db":
            value, needs_db = "db", True
        elif param.name == "http_request" or param.annotation == "Request":
            value, needs_request = "http_request", True
        elif param.name in SIGNED_IN_NAMES and accounts:
            if "signed_in" not in functions:
                raise BindingError(
                    f"templates/{path}: {handler}({param.name}) needs a signed_in(db, request)"
                )
            value, needs_db, needs_request = f"{blueprint.module}.signed_in(db, http_request)", True, True
        elif param.name in body:
            value = f"body.{param.name}"
        elif param.name in query:
            value = param.name
        elif param.has_default:
            continue
        else:
            raise BindingError(
                f"{blueprint.name}: {blueprint.module}.{handler}() takes {param.name!r}, which operation "
                f"{op.operation_id} does not give (not db, the request, the signed-in user, a body field "
                f"{sorted(body)} or a query parameter {sorted(query)})"
            )
        arguments.append(f"{param.name}={value}")
    return RouteCall(f"{blueprint.module}.{handler}({', '.join(arguments)})", needs_db, needs_request)
