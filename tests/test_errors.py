"""errors.py draws every error class pipeline has, each where it lives: the drawing is checked
against the classes themselves, so a new error cannot be left out of it."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pipeline
from pipeline import errors
from pipeline.errors import PipelineError


def _every_error() -> dict[str, type]:
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        # not the generated apps' files, nor alembic's scripts (alembic runs them, with its context)
        skipped = (".templates.files", ".sql_migrations")
        if not any(part in module.name for part in skipped) and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: dict[str, type] = {}
    todo: list[type] = [PipelineError]
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo += cls.__subclasses__()
    return found


def _drawn() -> dict[str, tuple[str, str]]:
    """Each class in the docstring's tree → (its parent in the drawing, the module it names)."""
    drawn: dict[str, tuple[str, str]] = {}
    stack: list[tuple[int, str]] = []
    inherited = "errors"
    for line in (errors.__doc__ or "").splitlines():
        match = re.match(r"^( {4}[│ ]*(?:[├└]── )?)(\w+)\s{2,}.*?(?:\s{2,}([\w.]+))?$", line)
        if not match or not match[2][0].isupper():
            continue
        depth, name = len(match[1]), match[2]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        module = match[3] or inherited
        if name == "ProviderError":
            inherited = module
        drawn[name] = (stack[-1][1] if stack else "", module)
        stack.append((depth, name))
    return drawn


def test_the_drawing_names_every_error_its_parent_and_its_module() -> None:
    classes, drawn = _every_error(), _drawn()
    assert set(drawn) == set(classes)
    for name, (parent, module) in drawn.items():
        cls = classes[name]
        assert cls.__module__ == f"pipeline.{module}", name
        if parent:
            assert classes[parent] in cls.__bases__, (name, parent)
