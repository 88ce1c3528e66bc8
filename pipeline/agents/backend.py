"""BACKEND: the Design → a FastAPI project under ``backend/``, as edits to the scaffold."""

from pipeline.agents.coding import CodeAgent
from pipeline.artifacts import Design
from pipeline.templates import render_backend


def backend_needs(design: Design, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """The stubs to implement (whole); the storage layer they call and the test fixtures their
    tests use (outlines, docstrings whole: they say the types, limits and connections)."""
    if not design.custom_operations:
        return [], []
    return ["backend/app/routes/operations.py"], ["backend/app/db.py", "backend/tests/conftest.py"]


BACKEND = CodeAgent(name="backend", prefix="backend/", render=render_backend, needs=backend_needs)
