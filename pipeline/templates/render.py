"""Plan + Design → files, through the Jinja2 trees under ``templates/files`` and the folders of
the app's kind and of the shared pieces it uses (``templates/kinds/<key>``, ``templates/features/<name>``).

A template file ``x.py.j2`` renders to ``x.py``; other files are copied as they are.
Path parts ``__plural__`` and ``__Model__`` repeat a file once per entity.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import jinja2

from pipeline.artifacts import CustomOperation, Design, Entity, EntityField, FileSet, Plan, Resource
from pipeline.templates import naming
from pipeline.templates.contract import EMAIL_PATTERN, TITLE_MAX, URL_PATTERN, sign_of, totals_fields
from pipeline.templates.escaping import FILTERS, Code, finalize
from pipeline.templates.field_code import invalid, py_default, py_type, sample, search_probe, sql_column
from pipeline.templates.fit import fit_sentence
from pipeline.templates.kind_context import blueprint_context
from pipeline.templates.operations import operation_context
from pipeline.templates.registry import blueprints_of, call_for
from pipeline.templates.theme import described, palette
from pipeline.templates.tidy import tidy_python
from pipeline.templates.views import view_context

# The generated backend pins exactly these; pyproject's dev extra pins the same, so the
# generated test suites run in the development environment as they would in a fresh venv.
BACKEND_PINS = {
    "fastapi": "0.165.0",
    "uvicorn": "0.54.0",
    "httpx": "0.28.1",
    "pydantic": "2.13.4",
    "pytest": "9.0.3",
}
FRONTEND_PINS = {
    "react": "18.3.1",
    "react-dom": "18.3.1",
    "vite": "5.4.21",
    "@vitejs/plugin-react": "4.7.0",
    # npm run lint (ESLint 9: it runs on Node 18 too, where ESLint 10 needs Node 20.19)
    "eslint": "9.39.5",
    "@eslint/js": "9.39.5",
    "eslint-plugin-react-hooks": "5.2.0",
    "eslint-plugin-react-refresh": "0.4.26",
    "globals": "16.3.0",
}

_ROOT = resources.files("pipeline.templates")
"""Template names are relative to it: ``files/backend/...``, ``kinds/chess/backend/...``."""


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (_ROOT / name).read_text(encoding="utf-8")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        # every printed value must have gone through an escaping filter (templates/escaping.py)
        finalize=finalize,
        # compiled templates kept between processes (a private folder per user, checked by
        # Jinja): compiling the trees cost a cold CLI run about 0.13 s
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters.update(FILTERS)
    env.globals["lb"] = Code("{")  # a JSX brace right before a {{ value }}: "{{" would open Jinja's
    return env


def _walk(folder: str) -> list[str]:
    """Every file under ``templates/<folder>``, as a path relative to that folder."""
    found: list[str] = []

    def visit(node: Any, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            rel = f"{prefix}/{child.name}" if prefix else child.name
            if child.is_dir():
                if child.name not in ("__pycache__", "node_modules"):
                    visit(child, rel)
            else:
                found.append(rel)

    visit(_ROOT / folder, "")
    return found


def _render_tree(
    folder: str, context: dict[str, Any], per_entity: list[dict[str, Any]], into: str = ""
) -> dict[str, str]:
    """The files of ``templates/<folder>``, rendered, at ``<into>/<path in the folder>``."""
    env = _environment()
    files: dict[str, str] = {}
    for relative in _walk(folder):
        name, path = f"{folder}/{relative}", f"{into}/{relative}" if into else relative
        targets: list[tuple[str, dict[str, Any]]]
        if "__plural__" in path or "__Model__" in path:
            targets = [
                (
                    path.replace("__plural__", e["plural"]).replace("__Model__", e["Model"]),
                    {**context, "e": e},
                )
                for e in per_entity
            ]
        else:
            targets = [(path, context)]
        for target, ctx in targets:
            if target.endswith(".j2"):
                files[target[:-3]] = env.get_template(name).render(**ctx)
            else:
                files[target] = (_ROOT / name).read_text(encoding="utf-8")
    return files


_OPERATION_FILES = ("backend/app/routes/operations.py", "backend/tests/test_operations.py")


def render_backend(plan: Plan, design: Design) -> FileSet:
    """The backend scaffold: CRUD for every entity, the kind's own rules and tests (its
    blueprint), and a stub per custom operation a model still has to write."""
    context, per_entity = build_context(plan, design)
    files = _render_tree("files/backend", context, per_entity, "backend")
    files.update(_blueprint_tree(plan, "backend", context, per_entity))
    if not design.custom_operations:
        for path in _OPERATION_FILES:
            files.pop(path, None)
    if all(op.scaffold for op in design.custom_operations):  # the kind's own tests cover them
        files.pop("backend/tests/test_operations.py", None)
    return FileSet(files=tidy_python(files), agent="backend", provider="template")


def render_frontend(plan: Plan, design: Design) -> FileSet:
    context, per_entity = build_context(plan, design)
    files = _render_tree("files/frontend", context, per_entity, "frontend")
    files.update(_blueprint_tree(plan, "frontend", context, per_entity))
    return FileSet(files=_used_components(files, per_entity), agent="uix", provider="template")


# The shared components an entity's views use only when it has the feature: an app ships none it
# does not use.
_COMPONENT_NEEDS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "frontend/src/components/MonthlyTotals.jsx": lambda e: e["totals"] is not None,
    "frontend/src/components/Reminders.jsx": lambda e: e["due"] is not None,
    "frontend/src/components/ImageUpload.jsx": lambda e: bool(e["uploads"]),
    "frontend/src/components/useChoices.js": lambda e: bool(e["choice_sources"]),
}
_ENTITY_COMPONENTS = ("Field.jsx", "SortHeader.jsx", "useRecords.js", "listing.js", "format.js")


def _used_components(files: dict[str, str], per_entity: list[dict[str, Any]]) -> dict[str, str]:
    unused = {path for path, needed in _COMPONENT_NEEDS.items() if not any(needed(e) for e in per_entity)}
    if not per_entity:
        unused |= {f"frontend/src/components/{name}" for name in _ENTITY_COMPONENTS}
    return {path: text for path, text in files.items() if path not in unused}


def _blueprint_tree(
    plan: Plan, side: str, context: dict[str, Any], per_entity: list[dict[str, Any]]
) -> dict[str, str]:
    """The kind's own files for one side, and those of the shared pieces it uses, at their place
    in the project."""
    files: dict[str, str] = {}
    for blueprint in blueprints_of(plan):
        if (_ROOT / blueprint.folder / side).is_dir():
            files.update(_render_tree(f"{blueprint.folder}/{side}", context, per_entity, side))
    return files


GITIGNORE = """node_modules/
dist/
__pycache__/
.pytest_cache/
.venv/
*.db
.env
.run/
"""


def project_files(plan: Plan, design: Design) -> dict[str, str]:
    """The files at the project's root: its README, the API contract, what git should ignore, and
    what ships it (a Dockerfile, compose.yaml, .env.example and a CI workflow)."""
    context, per_entity = build_context(plan, design)
    shipping = _render_tree("files/project", context, per_entity, "project")
    return {
        # dot-files are kept as dot-x in the package: wheels and sdists drop hidden files
        **{_undot(path.removeprefix("project/")): text for path, text in shipping.items()},
        "README.md": render_readme(plan, design),
        "openapi.json": json.dumps(design.contract, indent=2) + "\n",
        ".gitignore": GITIGNORE,
    }


def _undot(path: str) -> str:
    return "/".join("." + part[4:] if part.startswith("dot-") else part for part in path.split("/"))


def render_readme(plan: Plan, design: Design) -> str:
    context, _ = build_context(plan, design)
    return _environment().get_template("files/README.md.j2").render(**context)


# --- context: everything the templates need, computed here so templates stay dumb ---


def build_context(plan: Plan, design: Design) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    blueprints = blueprints_of(plan)
    by_entity = {r.entity: r for r in design.resources}
    operations = [
        {**operation_context(op, call_for(op)), "setup": _records_named(op, plan)}
        for op in design.custom_operations
    ]
    per_entity = [
        _entity_context(plan, e, by_entity.get(e.name) or _default_resource(e, design)) for e in plan.entities
    ]
    api_functions = _api_functions(design)
    uploads = any(fn["name"] == "uploadImage" for fn in api_functions)
    per_entity = [{**e, **view_context(plan, e, per_entity, uploads)} for e in per_entity]
    context = {
        "plan": plan,
        "design": design,
        "slug": Code(plan.slug),  # checked against the slug pattern where the plan entered
        "entities": per_entity,
        "requirements": [
            Code(f"{name}=={version}")
            for name, version in [*BACKEND_PINS.items(), *(p for b in blueprints for p in b.pins)]
        ],
        "npm_pins": FRONTEND_PINS,
        "email_pattern": EMAIL_PATTERN,
        "url_pattern": URL_PATTERN,
        "title_max": TITLE_MAX,
        "api_functions": api_functions,
        "operations": operations,
        "ops_code": Code("\n".join(m for o in operations for m in [*o["models"], *o["params"]])),
        # computed here from checked hex colours and our own font stacks: CSS, as is
        "blueprint_modules": [Code(b.module) for b in blueprints if b.module],
        "blueprint_views": [
            {"key": v.key, "label": v.label, "component": Code(v.component)}
            for b in blueprints
            for v in b.views
        ],
        "theme_vars": [(Code(name), Code(value)) for name, value in palette(plan.theme).items()],
        "theme_lines": described(plan.theme),
        "fit_sentence": fit_sentence(plan.fit, plan.app_name),
        # a kind whose every action is someone's (a board) brings accounts, whatever the plan's features
        "accounts": "accounts" in plan.features or any(b.name == "accounts" for b in blueprints),
        "blueprint_names": [b.name for b in blueprints],
        **blueprint_context(plan),
    }
    return context, per_entity


def _totals(entity: Entity, fields: tuple[str, str]) -> dict[str, Any]:
    """The monthly totals' columns, and the choice that makes money out subtract, if any."""
    found = sign_of(entity)
    sign = None
    if found is not None:
        name, negative, _ = found
        sign = {"field": Code(name), "negative": negative, "minus": Code(f", {name}={negative[0]!r}")}
    # a keyword argument for the tests' make(): a checked field name and a repr()'d choice
    plus = Code(f", {found[0]}={found[2]!r}") if found else Code("")
    return {"amount": Code(fields[0]), "date": Code(fields[1]), "sign": sign, "plus": plus}


def _records_named(op: CustomOperation, plan: Plan) -> list[Code]:
    """The tables whose first record an operation's example refers to (``card_id: 1``): the
    contract test makes one of each first, so the example means on the test's database what it
    says instead of meeting an empty one."""
    keys = {*(op.request or {}).get("properties", {}), *(q.name for q in op.query)}
    wanted: list[Code] = []
    for key in sorted(keys):
        name = op.entity if key == "id" else key.removesuffix("_id") if key.endswith("_id") else None
        entity = next((e for e in plan.entities if name and e.name == name), None)
        if entity is not None and entity.plural not in wanted:
            wanted.append(Code(entity.plural))  # a checked identifier
    return wanted


def _default_resource(entity: Entity, design: Design) -> Resource:
    collection = f"{design.api_prefix}/{naming.kebab(entity.plural)}"
    return Resource(
        entity=entity.name,
        collection_path=collection,
        item_path=f"{collection}/{{item_id}}",
        operations={
            "list": f"list_{entity.plural}",
            "create": f"create_{entity.name}",
            "read": f"get_{entity.name}",
            "update": f"update_{entity.name}",
            "delete": f"delete_{entity.name}",
        },
    )


def _entity_context(plan: Plan, entity: Entity, resource: Resource) -> dict[str, Any]:
    fields = [_field_context(f, plan) for f in entity.fields]
    item_suffix = resource.item_path[len(resource.collection_path) :] or "/{item_id}"
    id_param = (re.findall(r"{(\w+)}", item_suffix) or ["item_id"])[0]
    totals = totals_fields(entity) if "monthly_totals" in resource.operations else None
    # names become Code (they were checked as identifiers where the plan entered); text stays
    # str, so a template can only print it through an escaping filter
    return {
        "name": Code(entity.name),
        "plural": Code(entity.plural),
        "Model": Code(naming.pascal(entity.name)),
        "label": entity.label,
        "plural_label": entity.plural_label,
        "title_field": Code(entity.title_field),
        "fields": fields,
        "required": [f["name"] for f in fields if f["required"]],
        "not_null": [f["name"] for f in fields if f["required"] or f["type"] in ("boolean", "tags")],
        "search_fields": [
            f["name"] for f in fields if f["type"] in ("string", "text", "email", "url") and not f["choices"]
        ],
        "filter_fields": [f for f in fields if f["filterable"]],
        "references": [f for f in fields if f["type"] == "reference"],
        "collection_path": resource.collection_path,
        "item_suffix": item_suffix,
        "id_param": Code(id_param),
        "ops": {verb: Code(op) for verb, op in resource.operations.items()},
        "js_ops": {
            Code(naming.camel(verb)): Code(naming.camel(op)) for verb, op in resource.operations.items()
        },
        "totals": _totals(entity, totals) if totals else None,
        "sample": {f["name"]: f["sample"] for f in fields},
        "search_probe": search_probe(fields),
        "table": Code(entity.plural),
    }


def _field_context(field: EntityField, plan: Plan) -> dict[str, Any]:
    ref = plan.entity(field.references) if field.references else None
    return {
        "name": Code(field.name),
        "type": field.type,
        "label": field.label or naming.label(field.name),
        "required": field.required,
        "choices": field.choices,
        "references": Code(field.references) if field.references else None,
        "ref_plural": Code(ref.plural) if ref else None,
        "ref_label": ref.label if ref else None,
        "ref_title": Code(ref.title_field) if ref else None,
        "filterable": field.type in ("boolean", "reference") or bool(field.choices),
        "py_type": Code(py_type(field)),
        "py_update_type": Code(py_type(field, optional=True)),
        "py_default": None if (default := py_default(field)) is None else Code(default),
        "sql": Code(sql_column(field, ref.plural if ref else None)),
        "sample": sample(field, updated=False),
        "updated": sample(field, updated=True),
        "invalid": invalid(field),
    }


def _api_functions(design: Design) -> list[dict[str, Any]]:
    """One JS client function per contract operation, named after its operationId."""
    functions: list[dict[str, Any]] = []
    for method, path, op_id in design.operations():
        params = re.findall(r"{(\w+)}", path)
        js_path = re.sub(r"{(\w+)}", lambda m: "${encodeURIComponent(" + naming.camel(m[1]) + ")}", path)
        has_body = method in ("post", "put", "patch")
        has_query = method == "get" and not params
        args = (
            [naming.camel(p) for p in params]
            + (["body"] if has_body else [])
            + (["query = {}"] if has_query else [])
        )
        options = ", ".join(x for x in (("body" if has_body else ""), ("query" if has_query else "")) if x)
        # built from the contract's paths and operation ids, which Design checked are names
        functions.append(
            {
                "name": Code(
                    naming.camel(op_id) if op_id else naming.camel(f"{method}_{naming.snake(path)}")
                ),
                "method": Code(method.upper()),
                "path": Code(js_path),
                "template": bool(params),
                "args": Code(", ".join(args)),
                "options": Code("{ " + options + " }" if options else ""),
            }
        )
    return functions
