"""Custom operations: ARCH's operations beyond CRUD, made into contract, stubs and tests.

Pure functions. ARCH may write any JSON schema; ``normalize_schema`` keeps the subset that
the generated pydantic code publishes back unchanged (types, properties, required, items,
enum, bounds, lengths, date formats), so DEBUG's comparison of the running app's OpenAPI
with the contract holds for custom operations as it does for CRUD.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from pydantic import ValidationError

from pipeline.artifacts import CustomOperation, Design, QueryParam
from pipeline.errors import PipelineError
from pipeline.safe_values import clean_prose, clean_text
from pipeline.templates import naming
from pipeline.templates.binding import RouteCall
from pipeline.templates.escaping import Code

_SCALARS = {"string", "integer", "number", "boolean"}
_KEPT = ("minimum", "maximum", "minLength", "maxLength")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


OPERATION_FILES = ("backend/app/routes/operations.py", "backend/tests/test_operations.py")


class OperationError(PipelineError, ValueError):
    """A custom operation ARCH declared that cannot be built; the message says which and why."""


def normalize_schema(schema: Any, where: str, depth: int = 0) -> dict[str, Any]:
    """The supported subset of a JSON schema, or OperationError."""
    if not isinstance(schema, dict):
        raise OperationError(f"{where}: a schema must be an object")
    options = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(options, list) and "type" not in schema:
        # the normalised form of an optional value, echoed back: nullability is `required`'s
        real = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
        if len(real) != 1:
            raise OperationError(f"{where}: anyOf may only pair one schema with null")
        return normalize_schema(real[0], where, depth)
    if depth > 4:
        raise OperationError(f"{where}: nested deeper than 4 levels")
    kind = schema.get("type")
    if isinstance(kind, list):  # ["string", "null"]: nullability is decided by `required`
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "enum" in schema:
        kind = "string"
    if kind is None and "properties" in schema:
        kind = "object"
    if kind == "object":
        props = schema.get("properties") or {}
        if not isinstance(props, dict):
            raise OperationError(f"{where}: properties must be an object")
        out_props: dict[str, Any] = {}
        required = [r for r in schema.get("required", []) if r in props]
        for name, sub in props.items():
            if not _NAME.match(str(name)) or keyword.iskeyword(str(name)):
                raise OperationError(f"{where}: property {name!r} must be a lower snake_case identifier")
            inner = normalize_schema(sub, f"{where}.{name}", depth + 1)
            out_props[str(name)] = inner if name in required else {"anyOf": [inner, {"type": "null"}]}
        if not out_props:
            return {"type": "object", "additionalProperties": True}
        out: dict[str, Any] = {"type": "object", "properties": out_props}
        if required:
            out["required"] = sorted(required)
        return out
    if kind == "array":
        return {
            "type": "array",
            "items": normalize_schema(schema.get("items", {"type": "string"}), f"{where}[]", depth + 1),
        }
    if kind not in _SCALARS:
        raise OperationError(
            f"{where}: type {kind!r} is not one of object, array, {', '.join(sorted(_SCALARS))}"
        )
    out = {"type": kind}
    if kind == "string" and schema.get("enum"):
        out["enum"] = [str(v) for v in schema["enum"]]
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        out["format"] = schema["format"]
    for key in _KEPT:
        value = schema.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = value
    for key in ("example", "default"):
        if key in schema and (schema[key] is None or isinstance(schema[key], str | int | float | bool)):
            out[key] = schema[key]
    return out


SUMMARY_MAX, DESCRIPTION_MAX = 80, 2_000
"""What the contract keeps of a summary and a description (told to ARCH in its prompt)."""


def _bounded(value: Any, most: int, what: str, shortened: list[str] | None, prose: bool) -> str:
    text = clean_prose(value, most) if prose else clean_text(value, most)
    full = clean_prose(value, 100_000) if prose else clean_text(value, 100_000)
    if len(full) > len(text) and shortened is not None:
        shortened.append(f"{what}: cut from {len(full)} to {most} characters")
    return text


def normalize_operation(raw: Any, design: Design, *, shortened: list[str] | None = None) -> CustomOperation:
    """One of ARCH's operations, checked against the design it extends. ``shortened`` collects
    what had to be cut to fit (a summary, a description), so it is never cut silently."""
    if not isinstance(raw, dict):
        raise OperationError("an operation must be an object")
    method = str(raw.get("method", "")).lower()
    path = str(raw.get("path", ""))
    op_id = str(raw.get("operation_id") or raw.get("operationId") or "")
    label = f"{method.upper()} {path}"
    if method not in ("get", "post", "put", "patch", "delete"):
        raise OperationError(f"{label}: method must be GET, POST, PUT, PATCH or DELETE")
    if not path.startswith(design.api_prefix + "/") or "{" in path or not re.fullmatch(r"[\w/.-]+", path):
        raise OperationError(
            f"{label}: the path must start with {design.api_prefix}/ and hold no {{parameters}}"
        )
    if any(part.isdigit() for part in path.split("/")):
        raise OperationError(f"{label}: a path segment that is a number would stand for one record's id")
    if not _NAME.match(op_id) or keyword.iskeyword(op_id):
        raise OperationError(f"{label}: operation_id {op_id!r} must be a snake_case identifier")
    taken = {(m, p) for m, p, _ in design.operations()}
    if (method, path) in taken:
        raise OperationError(f"{label}: already in the contract (CRUD routes are built in)")
    if op_id in {o for _, _, o in design.operations()}:
        raise OperationError(f"{label}: operation_id {op_id!r} is already used")
    query = []
    for param in raw.get("query") or []:
        if not isinstance(param, dict) or not _NAME.match(str(param.get("name", ""))):
            raise OperationError(f"{label}: each query parameter needs a snake_case name")
        schema = normalize_schema(
            param.get("schema") or {"type": param.get("type", "string")}, f"{label}?{param['name']}"
        )
        if schema["type"] in ("object", "array"):
            raise OperationError(f"{label}: query parameter {param['name']!r} must be a scalar")
        if keyword.iskeyword(str(param["name"])):
            raise OperationError(f"{label}: query parameter {param['name']!r} is a reserved word")
        query.append(
            QueryParam(name=param["name"], schema=schema, required=bool(param.get("required", True)))
        )
    request = raw.get("request")
    if request is not None:
        if method == "get":
            raise OperationError(f"{label}: a GET takes query parameters, not a body")
        request = normalize_schema(request, f"{label} request")
        if request.get("type") != "object" or "properties" not in request:
            raise OperationError(f"{label}: the request body must be an object with properties")
    response = normalize_schema(
        raw.get("response") or {"type": "object", "properties": {}}, f"{label} response"
    )
    target = response["items"] if response["type"] == "array" else response
    if target.get("type") != "object" or "properties" not in target:
        raise OperationError(
            f"{label}: the response must be an object (or a list of objects) with properties"
        )
    status = int(raw.get("status") or (201 if method == "post" and raw.get("creates") else 200))
    if status not in (200, 201, 202):
        raise OperationError(f"{label}: the success status must be 200, 201 or 202")
    try:
        return CustomOperation(
            method=method,  # type: ignore[arg-type]
            path=path,
            operation_id=op_id,
            summary=_bounded(raw.get("summary", ""), SUMMARY_MAX, f"{label} summary", shortened, False),
            description=_bounded(
                raw.get("description", ""), DESCRIPTION_MAX, f"{label} description", shortened, True
            ),
            query=query,
            request=request,
            response=response,
            status=status,
            entity=raw.get("entity") if isinstance(raw.get("entity"), str) else None,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise OperationError(f"{label}: {where}: {first.get('msg', 'not valid')}") from exc


def _strip_examples(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip_examples(v) for k, v in schema.items() if k != "example"}
    if isinstance(schema, list):
        return [_strip_examples(v) for v in schema]
    return schema


def with_operations(design: Design, operations: list[CustomOperation]) -> Design:
    """The design with these custom operations in its contract (replacing earlier ones; the
    kind's scaffold operations stay)."""
    base = without_operations(design)
    scaffold = [op for op in base.custom_operations if op.scaffold]
    operations = [op for op in operations if op.operation_id not in {s.operation_id for s in scaffold}]
    contract = {**base.contract, "paths": dict(base.contract.get("paths", {}))}
    schemas = dict(contract.get("components", {}).get("schemas", {}))
    for op in [*scaffold, *operations]:  # the scaffold's entries again: the same, so idempotent
        name = naming.pascal(op.operation_id)
        entry: dict[str, Any] = {
            "operationId": op.operation_id,
            "summary": op.summary or op.operation_id.replace("_", " "),
            "tags": ["operations"],
            "x-pipeline-custom": True,
            **({"x-pipeline-scaffold": True} if op.scaffold else {}),
        }
        if op.description:
            entry["description"] = op.description
        if op.query:
            entry["parameters"] = [
                {
                    "name": q.name,
                    "in": "query",
                    "required": q.required,
                    "schema": _strip_examples(
                        q.schema_ if q.required else {"anyOf": [q.schema_, {"type": "null"}]}
                    ),
                }
                for q in op.query
            ]
        if op.request is not None:
            schemas[f"{name}Request"] = _strip_examples(op.request)
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}Request"}}},
            }
        if op.response["type"] == "array":
            schemas[f"{name}Item"] = _strip_examples(op.response["items"])
            response_schema: dict[str, Any] = {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{name}Item"},
            }
        else:
            schemas[f"{name}Response"] = _strip_examples(op.response)
            response_schema = {"$ref": f"#/components/schemas/{name}Response"}
        entry["responses"] = {
            str(op.status): {
                "description": "OK",
                "content": {"application/json": {"schema": response_schema}},
            },
            "422": {"description": "Validation error"},
        }
        contract["paths"][op.path] = {**contract["paths"].get(op.path, {}), op.method: entry}
    contract["components"] = {**contract.get("components", {}), "schemas": schemas}
    files = [f for f in base.backend_files if f not in OPERATION_FILES]
    if operations or scaffold:
        files += list(OPERATION_FILES)
    return base.model_copy(
        update={"contract": contract, "custom_operations": [*scaffold, *operations], "backend_files": files}
    )


def without_operations(design: Design) -> Design:
    """The design as CRUD and the kind's scaffold alone: what a side falls back to when its
    custom work keeps failing."""
    if not any(not op.scaffold for op in design.custom_operations):
        return design
    paths: dict[str, Any] = {}
    for path, item in design.contract.get("paths", {}).items():
        kept = {
            m: op
            for m, op in item.items()
            if not (
                isinstance(op, dict) and op.get("x-pipeline-custom") and not op.get("x-pipeline-scaffold")
            )
        }
        if kept:
            paths[path] = kept
    names = {naming.pascal(op.operation_id) for op in design.custom_operations if not op.scaffold}
    schemas = {
        k: v
        for k, v in design.contract.get("components", {}).get("schemas", {}).items()
        if not any(k in (f"{n}Request", f"{n}Response", f"{n}Item") for n in names)
    }
    contract = {
        **design.contract,
        "paths": paths,
        "components": {**design.contract.get("components", {}), "schemas": schemas},
    }
    scaffold = [op for op in design.custom_operations if op.scaffold]
    files = [f for f in design.backend_files if scaffold or f not in OPERATION_FILES]
    return design.model_copy(
        update={"contract": contract, "custom_operations": scaffold, "backend_files": files}
    )


# --- code for the stubs and the tests ----------------------------------------------------------


def py_type(schema: dict[str, Any], model_name: str, models: list[str]) -> str:
    """The Python annotation for a normalized schema; nested objects become models in ``models``."""
    if "anyOf" in schema:
        return py_type(schema["anyOf"][0], model_name, models) + " | None"
    kind = schema["type"]
    if kind == "object":
        if "properties" not in schema:
            return "dict[str, Any]"
        models.append(pydantic_model(model_name, schema, models))
        return model_name
    if kind == "array":
        return f"list[{py_type(schema['items'], model_name + 'Item', models)}]"
    if kind == "string" and schema.get("enum"):
        return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    if kind == "string" and schema.get("format") == "date":
        return "date"
    if kind == "string" and schema.get("format") == "date-time":
        return "datetime"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[kind]


def constraints(schema: dict[str, Any]) -> str:
    inner = schema["anyOf"][0] if "anyOf" in schema else schema
    pairs = {"minimum": "ge", "maximum": "le", "minLength": "min_length", "maxLength": "max_length"}
    return ", ".join(f"{arg}={inner[key]!r}" for key, arg in pairs.items() if key in inner)


def pydantic_model(name: str, schema: dict[str, Any], models: list[str]) -> str:
    lines = [f"class {name}(BaseModel):"]
    required = set(schema.get("required", []))
    for prop, sub in schema["properties"].items():
        annotation = py_type(sub, name + naming.pascal(prop), models)
        extra = constraints(sub)
        if prop in required:
            lines.append(f"    {prop}: {annotation}" + (f" = Field({extra})" if extra else ""))
        else:
            lines.append(
                f"    {prop}: {annotation} = " + (f"Field(default=None, {extra})" if extra else "None")
            )
    return "\n".join(lines)


def operation_context(op: CustomOperation, call: RouteCall | None = None) -> dict[str, Any]:
    """What the stub and test templates need for one operation (``call``: a kind's own, bound)."""
    name = naming.pascal(op.operation_id)
    models: list[str] = []
    request_type = py_type(op.request, f"{name}Request", models) if op.request else None
    if op.response["type"] == "array":
        response_type = py_type(op.response, f"{name}", models)
    else:
        response_type = py_type(op.response, f"{name}Response", models)
    params = []
    for q in op.query:
        annotation = py_type(q.schema_, name + naming.pascal(q.name), models)
        extra = constraints(q.schema_)
        default = "..." if q.required else repr(q.schema_.get("default"))
        params.append(
            f"{q.name}: {annotation}{'' if q.required else ' | None'} = Query({default}{', ' + extra if extra else ''})"
        )
    # code built from checked names and repr()'d literals: Code for the templates
    return {
        "op": op,
        "call": Code(call.code) if call else None,
        # a stub takes the database too: the model that writes its rule will want it
        "needs_db": call is None or call.needs_db,
        "needs_request": call is not None and call.needs_request,
        "method": Code(op.method),
        "name": Code(op.operation_id),
        "models": [Code(m) for m in models],
        "request_type": Code(request_type) if request_type else None,
        "response_type": Code(response_type),
        "params": [Code(p) for p in params],
        "sample_query": {q.name: sample(q.schema_) for q in op.query if q.required},
        "sample_body": sample(op.request) if op.request else None,
        "response_schema": op.response,
    }


def sample(schema: dict[str, Any]) -> Any:
    """A valid value for a normalized schema: its example when ARCH gave one."""
    if "anyOf" in schema:
        return sample(schema["anyOf"][0])
    if "example" in schema:
        return schema["example"]
    kind = schema["type"]
    if kind == "object":
        required = schema.get("required", [])
        return {k: sample(v) for k, v in schema.get("properties", {}).items() if k in required}
    if kind == "array":
        return [sample(schema["items"])]
    if kind == "string":
        if schema.get("enum"):
            return schema["enum"][0]
        if schema.get("format") == "date":
            return "2026-03-15"
        if schema.get("format") == "date-time":
            return "2026-03-15T10:30:00"
        return "x" * max(1, int(schema.get("minLength", 1)))
    if kind == "boolean":
        return True
    low = schema.get("minimum", 1)
    high = schema.get("maximum", max(low, 10))
    value = min(max(low, 1), high)
    return int(value) if kind == "integer" else float(value)
