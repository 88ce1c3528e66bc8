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
    assert "Outline of backend/tests/test_dice.py (its tests so far)" in backend_prompt
    assert "def make(client: TestClient, plural: str" in backend_prompt  # conftest's fixtures
    assert "dates and datetimes are stored and read back as ISO text" in backend_prompt  # db.py's docstrings
    uix_prompt = text_of(uix.seen[0][-1])
    assert '<file path="frontend/src/components/DiceRoller.jsx">' in uix_prompt  # its own earlier work, whole
    assert (
        "rollStats(query = {}) → GET /api/dice/stats; resolves to {rolls: integer, average: number}"
        in uix_prompt
    )
    assert "ApiError {status, detail, message}" in uix_prompt and "--accent" in uix_prompt

    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.conflicts == []
    operations = (out / "backend" / "app" / "routes" / "operations.py").read_text()
    assert "random.randint" in operations and "pipeline: stub" not in operations
    contract = json.loads((out / "openapi.json").read_text())
    assert {"/api/dice/roll", "/api/dice/stats"} <= set(contract["paths"])
    assert (out / "backend" / "tests" / "test_dice.py").is_file()
    assert run_backend_tests(backend_files(out)) == []  # the earlier rule's tests and the new one pass

    # a second edit removes the first operation: its code, tests and UI go, the other stays
    arch = ScriptedChat().enqueue(json.dumps({"changed": [], "removed": ["roll_dice"]}))
    backend = ScriptedChat().enqueue(REMOVE_BACKEND)
    uix = ScriptedChat().enqueue(REMOVE_UIX)
    summary = await aedit(
        out,
        "remove rolling dice on the server",
        settings=settings,
        models=ScriptedModels(core=ScriptedChat().enqueue(DICE["core"]), arch=arch, backend=backend, uix=uix),
    )
    uix_prompt = text_of(uix.seen[0][-1])
    assert "The change removed these functions from src/api.js: rollDice." in uix_prompt
    assert '<file path="frontend/src/components/DiceRoller.jsx">' in uix_prompt  # the file that imports it
    backend_prompt = text_of(backend.seen[0][-1])
    assert "The change removed these operations: roll_dice." in backend_prompt
    assert (
        '<file path="backend/tests/test_dice.py">' in backend_prompt
    )  # the removed operation's tests, whole
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.conflicts == []
    contract = json.loads((out / "openapi.json").read_text())
    assert "/api/dice/roll" not in contract["paths"] and "/api/dice/stats" in contract["paths"]
    assert not (out / "backend" / "tests" / "test_dice.py").exists()
    assert not (out / "frontend" / "src" / "components" / "DiceRoller.jsx").exists()
    operations = (out / "backend" / "app" / "routes" / "operations.py").read_text()
    assert (
        "def roll_dice" not in operations
        and "def roll_stats" in operations
        and "pipeline: stub" not in operations
    )
    assert run_backend_tests(backend_files(out)) == []  # the stats rule still works


REMOVE_BACKEND = """<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
import random
from typing import Any
=======
from typing import Any
>>>>>>> REPLACE
<<<<<<< SEARCH
class RollDiceRequest(BaseModel):
    sides: int = Field(ge=2, le=100)
    count: int = Field(ge=1, le=20)


class RollDiceResponse(BaseModel):
    id: int
    label: str
    faces: list[int]
    total: int


@router.post(
    "/api/dice/roll",
    response_model=RollDiceResponse,
    status_code=201,
    operation_id="roll_dice",
    summary="Roll dice",
)
def roll_dice(
    body: RollDiceRequest,
    db: Database = Depends(get_db),
) -> Any:
    "Roll `count` dice with `sides` sides each on the server, save the roll in the history and return it."
    faces = [random.randint(1, body.sides) for _ in range(body.count)]
    saved = db.insert(
        TABLES["rolls"],
        {"label": f"{body.count}d{body.sides}", "total": sum(faces), "faces": ", ".join(map(str, faces))},
    )
    return {"id": saved["id"], "label": saved["label"], "faces": faces, "total": saved["total"]}


=======
>>>>>>> REPLACE
</edit>
<delete path="backend/tests/test_dice.py"/>
"""

REMOVE_UIX = """<delete path="frontend/src/components/DiceRoller.jsx"/>
<edit path="frontend/src/App.jsx">
<<<<<<< SEARCH
import DiceRoller from './components/DiceRoller.jsx';
=======
>>>>>>> REPLACE
<<<<<<< SEARCH
        <DiceRoller />
=======
>>>>>>> REPLACE
</edit>
"""
