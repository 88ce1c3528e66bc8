"""The project's own promises: the public API, and one list of dependencies."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import pipeline
import pipeline.keypool

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_pinned() -> None:
    assert sorted(pipeline.__all__) == [
        "AgentReport", "Design", "Diagnostic", "Entity", "EntityField", "FileSet", "PipelineContext", "PipelineError",
        "Plan", "Resource", "RunSummary", "Settings", "aedit", "agenerate", "astream_run", "build_graph", "edit",
        "generate",
    ]  # fmt: skip
    assert sorted(pipeline.keypool.__all__) == [
        "KeyPool",
        "KeySpec",
        "Lease",
        "Limits",
        "NoCapacity",
        "fingerprint",
    ]
    for name in pipeline.__all__:  # each name loads, from the package's own modules
        value = getattr(pipeline, name)
        assert callable(value) and value.__module__.startswith("pipeline."), name
        assert name in dir(pipeline)
    with pytest.raises(AttributeError, match="no attribute 'not_public'"):
        _ = pipeline.not_public  # type: ignore[attr-defined]


def test_requirements_txt_is_pyprojects_dependency_list() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    listed = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert listed == declared


def test_generated_backend_pins_match_the_dev_environment_pins() -> None:
    from pipeline.templates.registry import BLUEPRINTS
    from pipeline.templates.render import BACKEND_PINS

    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    pinned = dict(item.split("==") for item in dev if "==" in item)
    kinds = {name: version for b in BLUEPRINTS.values() for name, version in b.pins}  # chess's python-chess
    assert pinned == {**BACKEND_PINS, **kinds}
