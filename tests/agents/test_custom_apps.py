"""Three requests that are not CRUD-shaped, answered as a real model would: ARCH declares custom
operations, BACKEND implements them as edits to the scaffold's stubs, UIX adds their UI. Each
custom operation works in the written project, shown by that project's own test suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import Settings, agenerate
from pipeline.artifacts import FileSet
from pipeline.validate.runtime import run_backend_tests
from tests.agents.custom_apps import APPS
from tests.scripted import ScriptedChat, ScriptedModels

pytestmark = pytest.mark.slow

OPERATIONS = {
    "dice": {("post", "/api/dice/roll"): "rollDice"},
    "converter": {("get", "/api/convert"): "convertUnits"},
    "pomodoro": {
        ("post", "/api/pomodoro/start"): "startSession",
        ("get", "/api/pomodoro/stats"): "sessionStats",
    },
}


@pytest.mark.parametrize("name", sorted(APPS))
async def test_a_custom_operation_works_in_the_written_project(name: str, tmp_path: Path) -> None:
    script = APPS[name]
    chats = {agent: ScriptedChat().enqueue(script[agent]) for agent in ("core", "arch", "backend", "uix")}
    models = ScriptedModels(**chats)
    settings = Settings(
        **{f"agent_{a}": f"local:{a}" for a in ("core", "arch", "backend", "uix", "debug")},
        validate_level="run",
    )
    out = tmp_path / name
    summary = await agenerate(script["request"], out=out, settings=settings, models=models)
    assert summary.dropped == []
    assert [d for d in summary.diagnostics if d.severity == "error"] == []
    assert {r.agent: r.provider for r in summary.agents if r.agent != "debug"} == {
        "core": "local", "arch": "local", "backend": "local", "uix": "local",
    }  # fmt: skip
    assert summary.fix_rounds == 0
    assert all(len(chat.seen) == 1 for chat in chats.values())  # every edit applied the first time
    # the contract, the API client and the generated tests all cover the custom operations
    contract = json.loads((out / "openapi.json").read_text())
    api = (out / "frontend" / "src" / "api.js").read_text()
    for (method, path), function in OPERATIONS[name].items():
        assert method in contract["paths"][path]
        assert f"export function {function}(" in api
    generated = (out / "backend" / "tests" / "test_operations.py").read_text()
    assert generated.count("_answers_as_the_contract_says") == len(OPERATIONS[name])
    assert "pipeline: stub" not in (out / "backend" / "app" / "routes" / "operations.py").read_text()
    # the project's own suite passes in the sandbox, the model's rule tests included
    backend = FileSet(
        files={
            str(p.relative_to(out)): p.read_text()
            for p in (out / "backend").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
    )
    assert run_backend_tests(backend) == []
    model_tests = [
        p.name for p in (out / "backend" / "tests").glob("test_*.py") if p.name not in ("test_operations.py",)
    ]
    assert len(model_tests) >= 2  # the CRUD suite and the model's own tests of the rule


async def test_an_operation_the_backend_never_implements_is_dropped_and_the_app_still_passes(
    tmp_path: Path,
) -> None:
    script = APPS["dice"]
    lazy = ScriptedChat().enqueue("<no-changes/>", "<no-changes/>", "<no-changes/>")
    models = ScriptedModels(
        core=ScriptedChat().enqueue(script["core"]),
        arch=ScriptedChat().enqueue(script["arch"]),
        backend=lazy,
    )
    settings = Settings(
        **{f"agent_{a}": f"local:{a}" for a in ("core", "arch", "backend")}, validate_level="run"
    )
    summary = await agenerate(script["request"], out=tmp_path / "dice", settings=settings, models=models)
    assert (
        len(lazy.seen) == 2
    )  # the first answer and one fix round; a round that changes nothing ends the loop
    assert summary.dropped and "roll_dice" in summary.dropped[0].text
    contract = json.loads((tmp_path / "dice" / "openapi.json").read_text())
    assert "/api/dice/roll" not in contract["paths"]  # the contract no longer promises it
    assert not (tmp_path / "dice" / "backend" / "app" / "routes" / "operations.py").exists()
    assert [d for d in summary.diagnostics if d.severity == "error"] == []
