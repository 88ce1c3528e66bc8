"""Reverting the plain CRUD one entity at a time: a failing check that speaks for no custom
operation but for an entity's CRUD (its route module, its scaffold tests, a test of the models'
that calls only its routes, a contract check naming one of them) sends that entity's CRUD back to
the scaffold, and leaves every other entity and every custom operation as the models wrote them.
Pure functions over the design and the files, beside ``graph.revert``.

A finding that speaks for nothing this narrow (the app does not import, ``db.py`` broke every
entity) is not narrowed here: the side then falls back whole.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from pipeline._ast import parse as safe_parse
from pipeline.artifacts import Design, Diagnostic, Resource
from pipeline.graph.revert import _cut, failing_operations, has_tests
from pipeline.validate.evidence import called_paths


@dataclass
class CrudRevert:
    """What going back to the scaffold's CRUD takes: per entity, why; the models' tests to remove."""

    entities: dict[str, list[Diagnostic]] = field(default_factory=dict)
    tests: dict[tuple[str, str], Diagnostic] = field(default_factory=dict)
    """(test module, test function) → the failure of a models' test that calls only CRUD routes."""


def _template(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(path)) + "/?$")


def crud_modules(resource: Resource, scaffold: dict[str, str]) -> list[str]:
    """The scaffold's route module and test module of the entity's CRUD."""
    marks = (f'prefix="{resource.collection_path}"', f'BASE = "{resource.collection_path}"')
    return sorted(p for p, text in scaffold.items() if p.endswith(".py") and any(m in text for m in marks))


def _speaks_for(d: Diagnostic, resource: Resource, modules: list[str]) -> bool:
    """The finding is in the entity's CRUD modules, or a contract check names one of its routes."""
    if d.file in modules:
        return True
    labels = [rf"[A-Z]+ {re.escape(p)}(?![\w/{{-])" for p in (resource.collection_path, resource.item_path)]
    return d.check.startswith("contract.") and any(re.search(label, d.message) for label in labels)


def _crud_only_test(
    d: Diagnostic, design: Design, files: dict[str, str], scaffold: dict[str, str]
) -> tuple[str, Resource] | None:
    """A failing test the models wrote (not the scaffold's) that requests only one entity's CRUD
    routes: its name and that entity."""
    if d.check != "tests.failed" or d.file not in files or " failed:" not in d.message:
        return None
    test = d.message.split(" failed:", 1)[0].split("::")[-1].split("[")[0]
    if not test.startswith("test") or f"def {test}(" in scaffold.get(d.file, ""):
        return None
    paths = [p for _, p in called_paths(files[d.file], test)]
    for resource in design.resources:
        templates = (_template(resource.collection_path), _template(resource.item_path))
        if paths and all(any(t.match(p) for t in templates) for p in paths):
            return test, resource
    return None


def crud_failures(
    diagnostics: list[Diagnostic], design: Design, files: dict[str, str], scaffold: dict[str, str]
) -> CrudRevert | None:
    """The entities whose CRUD the backend's errors speak for, when every error that speaks for
    no custom operation speaks for one (else None: the revert cannot be narrowed)."""
    found = CrudRevert()
    modules = {r.entity: crud_modules(r, scaffold) for r in design.resources}
    for d in diagnostics:
        if d.severity != "error" or d.owner != "backend" or failing_operations([d], design, files):
            continue
        test = _crud_only_test(d, design, files, scaffold)
        if test is not None:
            found.tests[(d.file, test[0])] = d
            continue
        entity = next((r for r in design.resources if _speaks_for(d, r, modules[r.entity])), None)
        if entity is None or all(files.get(m) == scaffold.get(m) for m in modules[entity.entity]):
            return None  # nothing of that entity's CRUD differs from the scaffold: the cause is elsewhere
        found.entities.setdefault(entity.entity, []).append(d)
    return found if found.entities or found.tests else None


def revert_crud(
    revert: CrudRevert, design: Design, files: dict[str, str], scaffold: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The backend with each entity's CRUD modules back at the scaffold's text and the models'
    failing CRUD-only tests removed; and a ``dropped`` entry for each."""
    result = dict(files)
    dropped: list[str] = []
    for resource in design.resources:
        if resource.entity not in revert.entities:
            continue
        changed = [m for m in crud_modules(resource, scaffold) if result.get(m) != scaffold.get(m)]
        for module in changed:
            result[module] = scaffold[module]
        why = _why(revert.entities[resource.entity])
        dropped.append(
            f"changes to the plain CRUD of {resource.entity} ({', '.join(changed)}) went back to the scaffold: {why}"
        )
    for (path, test), d in sorted(revert.tests.items()):
        spans = [(start, end) for name, start, end in _test_spans(result.get(path, "")) if name == test]
        if not spans:
            continue
        kept = _cut(result[path], spans)
        if has_tests(kept):
            result[path] = kept
        else:
            del result[path]
        dropped.append(
            f"test {path}::{test} removed: it checked only the plain CRUD and failed ({_why([d])})"
        )
    return result, dropped


def _test_spans(source: str) -> list[tuple[str, int, int]]:
    try:
        tree = safe_parse(source)
    except SyntaxError:
        return []
    return [
        (
            node.name,
            min([d.lineno for d in node.decorator_list] or [node.lineno]),
            node.end_lineno or node.lineno,
        )
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _why(diagnostics: list[Diagnostic]) -> str:
    return "; ".join(f"{d.file}: {d.message}" for d in diagnostics)[:300]
