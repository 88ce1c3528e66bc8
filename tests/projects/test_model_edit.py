"""An edit after a model generation builds on what the models wrote: the agents are shown the
implemented operations (never the scaffold's 501 stubs), the earlier operation still works in
the edited app, and ARCH answers only what changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import Settings, aedit, agenerate
from pipeline.agents.briefs import text_of
from pipeline.artifacts import FileSet
from pipeline.validate.runtime import run_backend_tests
from tests.agents.custom_apps import DICE
from tests.scripted import ScriptedChat, ScriptedModels

pytestmark = pytest.mark.slow

AGENTS = ("core", "arch", "backend", "uix", "debug")
SETTINGS = {f"agent_{a}": f"local:{a}" for a in AGENTS}

STATS_OPERATION = {
    "method": "get",
    "path": "/api/dice/stats",
    "operation_id": "roll_stats",
    "summary": "Roll statistics",
    "description": "How many rolls were made and their average total (0 with no rolls).",
    "response": {
        "type": "object",
        "properties": {"rolls": {"type": "integer"}, "average": {"type": "number"}},
        "required": ["rolls", "average"],
    },
}

STATS_BACKEND = """<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="roll_stats is not implemented yet")  # pipeline: stub
=======
    rolls = db.list(TABLES["rolls"], q=None, filters={}, limit=100_000, offset=0)
    totals = [r["total"] for r in rolls]
    return {"rolls": len(totals), "average": sum(totals) / len(totals) if totals else 0}
>>>>>>> REPLACE
</edit>
<file path="backend/tests/test_stats.py">
from fastapi.testclient import TestClient


def test_stats_average_the_totals(client: TestClient) -> None:
    assert client.get("/api/dice/stats").json() == {"rolls": 0, "average": 0}
    client.post("/api/rolls", json={"label": "1d6", "total": 2})
    client.post("/api/rolls", json={"label": "1d6", "total": 4})
    assert client.get("/api/dice/stats").json() == {"rolls": 2, "average": 3}
</file>
"""


def backend_files(root: Path) -> FileSet:
    return FileSet(
        files={
            str(p.relative_to(root)): p.read_text()
            for p in (root / "backend").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
    )


async def test_an_edit_after_a_model_generation_shows_and_keeps_the_models_code(tmp_path: Path) -> None:
    out = tmp_path / "dice"
    first = {a: ScriptedChat().enqueue(DICE[a]) for a in ("core", "arch", "backend", "uix")}
    settings = Settings(**SETTINGS, validate_level="run", data_dir=tmp_path / "data")
    summary = await agenerate(DICE["request"], out=out, settings=settings, models=ScriptedModels(**first))
    assert summary.status == "succeeded" and summary.dropped == []
    assert DICE["request"] in text_of(first["arch"].seen[0][-1])  # the user's words, not only CORE's summary

    arch = ScriptedChat().enqueue(json.dumps({"added": [STATS_OPERATION]}))
    backend = ScriptedChat().enqueue(STATS_BACKEND)
    uix = ScriptedChat().enqueue("<no-changes/>")
    change = "show how many rolls were made and their average total"
    summary = await aedit(
        out,
        change,
        settings=settings,
        models=ScriptedModels(core=ScriptedChat().enqueue(DICE["core"]), arch=arch, backend=backend, uix=uix),
    )

    arch_prompt = text_of(arch.seen[0][-1])
    assert change in arch_prompt and '"operation_id":"roll_dice"' in arch_prompt
    assert "anyOf" not in arch_prompt  # shown in the dialect ARCH writes
    backend_prompt = text_of(backend.seen[0][-1])
    assert "random.randint(1, body.sides)" in backend_prompt  # the model's implementation, shown
    assert "roll_dice is not implemented yet" not in backend_prompt  # never the scaffold's stub
    assert "roll_stats is not implemented yet" in backend_prompt  # the new operation's stub to replace
    assert "def test_rolls_stay_within_their_dice" not in backend_prompt or "test_dice.py" in backend_prompt
    uix_prompt = text_of(uix.seen[0][-1])
    assert "DiceRoller" in uix_prompt  # UIX sees the component it wrote before

    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.conflicts == []
    operations = (out / "backend" / "app" / "routes" / "operations.py").read_text()
    assert "random.randint" in operations and "pipeline: stub" not in operations
    contract = json.loads((out / "openapi.json").read_text())
    assert {"/api/dice/roll", "/api/dice/stats"} <= set(contract["paths"])
    assert (out / "backend" / "tests" / "test_dice.py").is_file()
    assert run_backend_tests(backend_files(out)) == []  # the earlier rule's tests and the new one pass
