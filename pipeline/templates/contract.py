"""Plan → Design: the OpenAPI 3.1 contract that BACKEND implements and UIX calls.

Pure functions. The contract's shape is the shape FastAPI itself publishes for the
generated code (``ErrorResponse`` aside), so DEBUG can compare the two directly.
"""

from __future__ import annotations

from typing import Any

from pipeline.artifacts import Design, Entity, EntityField, Plan, Resource
from pipeline.templates import naming

TITLE_MAX = 200
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https?://\S+$"


def totals_fields(entity: Entity) -> tuple[str, str] | None:
    """(amount field, date field) when the entity can be totalled per month."""
    amount = next((f.name for f in entity.fields if f.type == "number" and f.required), None)
    amount = amount or next(
        (f.name for f in entity.fields if f.type in ("number", "integer") and f.required), None
    )
    when = next((f.name for f in entity.fields if f.type in ("date", "datetime") and f.required), None)
    return (amount, when) if amount and when else None


NEGATIVE_CHOICES = frozenset(
    {
        "expense",
        "expenses",
        "outgoing",
        "out",
        "debit",
        "withdrawal",
        "spending",
        "spent",
        "cost",
        "payment",
        "refund",
    }
)
"""Choice values whose amounts count against a total (income and expenses in one table)."""


def sign_of(entity: Entity) -> tuple[str, list[str], str] | None:
    """(choice field, its values that subtract, a value that adds) when a choice splits the
    entity's amounts into money in and money out, so totals are net, never in and out added."""
    for field in entity.fields:
        negative = [c for c in field.choices if c.lower().replace(" ", "_") in NEGATIVE_CHOICES]
        positive = [c for c in field.choices if c not in negative]
        if negative and positive:
            return field.name, negative, positive[0]
    return None


def field_schema(field: EntityField) -> dict[str, Any]:
    """JSON schema of one field's value (without null)."""
    if field.choices:
        return {"type": "string", "enum": list(field.choices)}
    match field.type:
        case "string":
            return {"type": "string", "maxLength": TITLE_MAX, **({"minLength": 1} if field.required else {})}
        case "text":
            return {"type": "string", **({"minLength": 1} if field.required else {})}
        case "integer" | "reference":
            return {"type": "integer"}
        case "number":
            return {"type": "number"}
        case "boolean":
            return {"type": "boolean"}
        case "date":
            return {"type": "string", "format": "date"}
        case "datetime":
            return {"type": "string", "format": "date-time"}
        case "email":
            return {"type": "string", "pattern": EMAIL_PATTERN}
        case "url":
            return {"type": "string", "pattern": URL_PATTERN}
        case "tags":
            return {"type": "array", "items": {"type": "string"}}
    raise ValueError(f"unknown field type {field.type}")


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _schemas(entity: Entity) -> dict[str, dict[str, Any]]:
    name = naming.pascal(entity.name)
    create_props: dict[str, Any] = {}
    required: list[str] = []
    for field in entity.fields:
        schema = field_schema(field)
        if field.required:
            required.append(field.name)
            create_props[field.name] = schema
        elif field.type in ("boolean", "tags"):
            create_props[field.name] = schema
        else:
            create_props[field.name] = _nullable(schema)
    update_props = {f.name: _nullable(field_schema(f)) for f in entity.fields}
    read_props = {
        "id": {"type": "integer"},
        **create_props,
        "created_at": {"type": "string", "format": "date-time"},
    }
    return {
        f"{name}Create": {"type": "object", "properties": create_props, "required": required},
        f"{name}Update": {"type": "object", "properties": update_props},
        name: {"type": "object", "properties": read_props, "required": ["id", *required, "created_at"]},
    }


def list_parameters(entity: Entity) -> list[dict[str, Any]]:
    """Query parameters of the list route: search, one filter per filterable field, paging."""
    params: list[dict[str, Any]] = [
        {"name": "q", "in": "query", "required": False, "schema": _nullable({"type": "string"})},
    ]
    for field in entity.fields:
        if field.type in ("boolean", "reference") or field.choices:
            params.append(
                {
                    "name": field.name,
                    "in": "query",
                    "required": False,
                    "schema": _nullable(field_schema(field)),
                }
            )
    params += [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
        },
        {
            "name": "offset",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "default": 0},
        },
    ]
    return params


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def build_design(
    plan: Plan, *, api_prefix: str = "/api", backend_port: int = 8000, frontend_port: int = 5173
) -> Design:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "ErrorResponse": {"type": "object", "properties": {"detail": {}}, "required": ["detail"]},
        "MonthlyTotal": {
            "type": "object",
            "properties": {
                "month": {"type": "string"},
                "total": {"type": "number"},
                "count": {"type": "integer"},
            },
            "required": ["month", "total", "count"],
        },
    }
    resources: list[Resource] = []
    for entity in plan.entities:
        model = naming.pascal(entity.name)
        schemas.update(_schemas(entity))
        collection = f"{api_prefix}/{naming.kebab(entity.plural)}"
        item = f"{collection}/{{item_id}}"
        id_param = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
        not_found = {"404": {"description": f"{entity.label} not found", **_json(_ref("ErrorResponse"))}}
        invalid = {"422": {"description": "Validation error"}}
        ops = {
            "list": f"list_{entity.plural}",
            "create": f"create_{entity.name}",
            "read": f"get_{entity.name}",
            "update": f"update_{entity.name}",
            "delete": f"delete_{entity.name}",
        }
        paths[collection] = {
            "get": {
                "operationId": ops["list"],
                "summary": f"List {entity.plural_label.lower()}",
                "tags": [entity.plural],
                "parameters": list_parameters(entity),
                "responses": {
                    "200": {"description": "OK", **_json({"type": "array", "items": _ref(model)})},
                    **invalid,
                },
            },
            "post": {
                "operationId": ops["create"],
                "summary": f"Create a {entity.label.lower()}",
                "tags": [entity.plural],
                "requestBody": {"required": True, **_json(_ref(f"{model}Create"))},
                "responses": {"201": {"description": "Created", **_json(_ref(model))}, **invalid},
            },
        }
        paths[item] = {
            "get": {
                "operationId": ops["read"],
                "summary": f"Get a {entity.label.lower()}",
                "tags": [entity.plural],
                "parameters": [id_param],
                "responses": {"200": {"description": "OK", **_json(_ref(model))}, **not_found, **invalid},
            },
            "patch": {
                "operationId": ops["update"],
                "summary": f"Update a {entity.label.lower()}",
                "tags": [entity.plural],
                "parameters": [id_param],
                "requestBody": {"required": True, **_json(_ref(f"{model}Update"))},
                "responses": {"200": {"description": "OK", **_json(_ref(model))}, **not_found, **invalid},
            },
            "delete": {
                "operationId": ops["delete"],
                "summary": f"Delete a {entity.label.lower()}",
                "tags": [entity.plural],
                "parameters": [id_param],
                "responses": {"204": {"description": "Deleted"}, **not_found, **invalid},
            },
        }
        if "monthly_totals" in plan.features and totals_fields(entity):
            ops["monthly_totals"] = f"monthly_{entity.name}_totals"
            paths[f"{collection}/monthly-totals"] = {
                "get": {
                    "operationId": ops["monthly_totals"],
                    "summary": f"{entity.plural_label} totalled per month",
                    "tags": [entity.plural],
                    "responses": {
                        "200": {
                            "description": "OK",
                            **_json({"type": "array", "items": _ref("MonthlyTotal")}),
                        }
                    },
                }
            }
        resources.append(
            Resource(entity=entity.name, collection_path=collection, item_path=item, operations=ops)
        )
    contract = {
        "openapi": "3.1.0",
        "info": {"title": plan.app_name, "version": "1.0.0", "description": plan.summary},
        "servers": [{"url": f"http://127.0.0.1:{backend_port}"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    design = Design(
        contract=contract,
        resources=resources,
        backend_port=backend_port,
        frontend_port=frontend_port,
        api_prefix=api_prefix,
        backend_files=backend_layout(plan),
        frontend_files=frontend_layout(plan),
    )
    from pipeline.templates.registry import with_blueprint  # the kinds build on this module

    return with_blueprint(plan, design)


def backend_layout(plan: Plan) -> list[str]:
    per_entity = [f"backend/app/routes/{e.plural}.py" for e in plan.entities]
    tests = [f"backend/tests/test_{e.plural}.py" for e in plan.entities]
    return [
        "backend/requirements.txt", "backend/pytest.ini", "backend/app/__init__.py", "backend/app/main.py",
        "backend/app/db.py", "backend/app/models.py", "backend/app/routes/__init__.py", *per_entity,
        "backend/tests/__init__.py", "backend/tests/conftest.py", *tests,
    ]  # fmt: skip


def frontend_layout(plan: Plan) -> list[str]:
    views = [
        f"frontend/src/views/{naming.pascal(e.name)}{part}.jsx"
        for e in plan.entities
        for part in ("View", "Form", "List")
    ]
    return [
        "frontend/package.json", "frontend/index.html", "frontend/vite.config.js", "frontend/src/main.jsx",
        "frontend/src/App.jsx", "frontend/src/api.js", "frontend/src/styles.css",
        "frontend/src/components/Field.jsx", "frontend/src/components/SortHeader.jsx",
        "frontend/src/components/useRecords.js", "frontend/src/components/listing.js",
        "frontend/src/components/format.js", *views,
    ]  # fmt: skip
