"""Scripted answers for three requests that are not CRUD-shaped, written the way a capable model
answers our prompts: a plan, the custom operations, then edits to the scaffold in the protocol
(with the prose models put around them)."""

from __future__ import annotations

import json


def placed(component: str) -> str:
    """The edit that shows a new component above the entity views, as a model writes it."""
    return f"""<edit path="frontend/src/App.jsx">
<<<<<<< SEARCH
import {{ useEffect, useState }} from 'react';
=======
import {{ useEffect, useState }} from 'react';
import {component} from './components/{component}.jsx';
>>>>>>> REPLACE
<<<<<<< SEARCH
        <View key={{active}} />
=======
        <{component} />
        <View key={{active}} />
>>>>>>> REPLACE
</edit>
"""


DICE = {
    "request": "a dice roller that keeps a history of rolls",
    "core": "Here is the plan:\n```json\n"
    + json.dumps(
        {
            "app_name": "Dice Roller",
            "kind": "generic",  # CORE chose no kind: the model writes the rules itself
            "slug": "dice-roller",
            "summary": "Roll any number of dice with any number of sides on the server, and keep a history of every roll.",
            "features": ["single_user"],
            "entities": [
                {
                    "name": "roll",
                    "plural": "rolls",
                    "label": "Roll",
                    "plural_label": "Rolls",
                    "title_field": "label",
                    "fields": [
                        {"name": "label", "type": "string", "required": True, "label": "Dice"},
                        {"name": "total", "type": "integer", "required": True, "label": "Total"},
                        {"name": "faces", "type": "string", "required": False, "label": "Faces"},
                    ],
                }
            ],
            "pages": ["Roll", "History"],
        }
    )
    + "\n```",
    "arch": json.dumps(
        {
            "operations": [
                {
                    "method": "post",
                    "path": "/api/dice/roll",
                    "operation_id": "roll_dice",
                    "summary": "Roll dice",
                    "description": "Roll `count` dice with `sides` sides each on the server, save the roll in the history and return it.",
                    "entity": "roll",
                    "status": 201,
                    "request": {
                        "type": "object",
                        "properties": {
                            "sides": {"type": "integer", "minimum": 2, "maximum": 100, "example": 6},
                            "count": {"type": "integer", "minimum": 1, "maximum": 20, "example": 2},
                        },
                        "required": ["sides", "count"],
                    },
                    "response": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "label": {"type": "string"},
                            "faces": {"type": "array", "items": {"type": "integer"}},
                            "total": {"type": "integer"},
                        },
                        "required": ["id", "label", "faces", "total"],
                    },
                }
            ]
        }
    ),
    "backend": '''I'll implement the roll and test it.

<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
from typing import Any
=======
import random
from typing import Any
>>>>>>> REPLACE
<<<<<<< SEARCH
from app.db import Database
=======
from app.db import TABLES, Database
>>>>>>> REPLACE
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="roll_dice is not implemented yet")  # pipeline: stub
=======
    faces = [random.randint(1, body.sides) for _ in range(body.count)]
    saved = db.insert(
        TABLES["rolls"],
        {"label": f"{body.count}d{body.sides}", "total": sum(faces), "faces": ", ".join(map(str, faces))},
    )
    return {"id": saved["id"], "label": saved["label"], "faces": faces, "total": saved["total"]}
>>>>>>> REPLACE
</edit>

<file path="backend/tests/test_dice.py">
"""Rolling dice: faces within the dice, totals that add up, and a history of every roll."""

from fastapi.testclient import TestClient


def test_rolls_stay_within_their_dice_and_add_up(client: TestClient) -> None:
    for _ in range(30):
        response = client.post("/api/dice/roll", json={"sides": 6, "count": 3})
        assert response.status_code == 201
        roll = response.json()
        assert len(roll["faces"]) == 3 and all(1 <= face <= 6 for face in roll["faces"])
        assert roll["total"] == sum(roll["faces"]) and roll["label"] == "3d6"


def test_every_roll_is_kept_in_the_history(client: TestClient) -> None:
    made = [client.post("/api/dice/roll", json={"sides": 20, "count": 1}).json() for _ in range(4)]
    history = client.get("/api/rolls").json()
    assert [item["id"] for item in history] == [roll["id"] for roll in reversed(made)]
    assert history[0]["faces"] == str(made[-1]["faces"][0])


def test_impossible_dice_are_refused(client: TestClient) -> None:
    assert client.post("/api/dice/roll", json={"sides": 1, "count": 2}).status_code == 422
    assert client.post("/api/dice/roll", json={"sides": 6, "count": 0}).status_code == 422
</file>
''',
    "uix": """<file path="frontend/src/components/DiceRoller.jsx">
import { useState } from 'react';
import { rollDice } from '../api.js';

export default function DiceRoller() {
  const [sides, setSides] = useState(6);
  const [count, setCount] = useState(2);
  const [last, setLast] = useState(null);
  const [error, setError] = useState('');

  async function roll(event) {
    event.preventDefault();
    setError('');
    try {
      setLast(await rollDice({ sides: Number(sides), count: Number(count) }));
    } catch (err) {
      setError(err.message);
    }
  }

  return (
    <form className="dice" onSubmit={roll} aria-label="Roll dice">
      <label>Dice <input type="number" min="1" max="20" value={count} onChange={(e) => setCount(e.target.value)} /></label>
      <label>Sides <input type="number" min="2" max="100" value={sides} onChange={(e) => setSides(e.target.value)} /></label>
      <button type="submit">Roll</button>
      {last && <p className="result">{last.label}: {last.faces.join(' + ')} = <strong>{last.total}</strong></p>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
</file>
"""
    + placed("DiceRoller"),
}

CONVERTER = {
    "request": "a unit converter for length, temperature and weight, with saved favourite conversions",
    "core": json.dumps(
        {
            "app_name": "Unit Converter",
            "kind": "generic",  # CORE chose no kind: the model writes the rules itself
            "slug": "unit-converter",
            "summary": "Convert lengths, temperatures and weights between units, and save favourite conversions.",
            "features": ["single_user"],
            "entities": [
                {
                    "name": "favorite",
                    "plural": "favorites",
                    "label": "Favorite",
                    "plural_label": "Favorites",
                    "title_field": "label",
                    "fields": [
                        {"name": "label", "type": "string", "required": True},
                        {
                            "name": "from_unit",
                            "type": "string",
                            "required": True,
                            "choices": ["m", "km", "mi", "ft", "c", "f", "kg", "lb"],
                        },
                        {
                            "name": "to_unit",
                            "type": "string",
                            "required": True,
                            "choices": ["m", "km", "mi", "ft", "c", "f", "kg", "lb"],
                        },
                    ],
                }
            ],
        }
    ),
    "arch": json.dumps(
        {
            "operations": [
                {
                    "method": "get",
                    "path": "/api/convert",
                    "operation_id": "convert_units",
                    "summary": "Convert a value",
                    "description": "Convert value from from_unit to to_unit. Units of different kinds (length, temperature, mass) cannot be converted: 422.",
                    "query": [
                        {"name": "value", "schema": {"type": "number", "example": 5}, "required": True},
                        {
                            "name": "from_unit",
                            "schema": {
                                "type": "string",
                                "enum": ["m", "km", "mi", "ft", "c", "f", "kg", "lb"],
                                "example": "km",
                            },
                            "required": True,
                        },
                        {
                            "name": "to_unit",
                            "schema": {
                                "type": "string",
                                "enum": ["m", "km", "mi", "ft", "c", "f", "kg", "lb"],
                                "example": "mi",
                            },
                            "required": True,
                        },
                    ],
                    "response": {
                        "type": "object",
                        "properties": {
                            "value": {"type": "number"},
                            "from_unit": {"type": "string"},
                            "to_unit": {"type": "string"},
                            "result": {"type": "number"},
                        },
                        "required": ["value", "from_unit", "to_unit", "result"],
                    },
                }
            ]
        }
    ),
    "backend": '''<file path="backend/app/units.py">
"""Unit conversion: each unit belongs to one kind and converts through that kind's base unit."""

from __future__ import annotations

# unit -> (kind, to_base, from_base)
UNITS = {
    "m": ("length", lambda v: v, lambda v: v),
    "km": ("length", lambda v: v * 1000, lambda v: v / 1000),
    "mi": ("length", lambda v: v * 1609.344, lambda v: v / 1609.344),
    "ft": ("length", lambda v: v * 0.3048, lambda v: v / 0.3048),
    "c": ("temperature", lambda v: v, lambda v: v),
    "f": ("temperature", lambda v: (v - 32) * 5 / 9, lambda v: v * 9 / 5 + 32),
    "kg": ("mass", lambda v: v, lambda v: v),
    "lb": ("mass", lambda v: v * 0.45359237, lambda v: v / 0.45359237),
}


class IncompatibleUnits(ValueError):
    pass


def convert(value: float, from_unit: str, to_unit: str) -> float:
    kind_from, to_base, _ = UNITS[from_unit]
    kind_to, _, from_base = UNITS[to_unit]
    if kind_from != kind_to:
        raise IncompatibleUnits(f"cannot convert {kind_from} ({from_unit}) to {kind_to} ({to_unit})")
    return round(from_base(to_base(value)), 6)
</file>
<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
from app.db import Database
=======
from app.db import Database
from app.units import IncompatibleUnits, convert
>>>>>>> REPLACE
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="convert_units is not implemented yet")  # pipeline: stub
=======
    try:
        result = convert(value, from_unit, to_unit)
    except IncompatibleUnits as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return {"value": value, "from_unit": from_unit, "to_unit": to_unit, "result": result}
>>>>>>> REPLACE
</edit>
<file path="backend/tests/test_convert.py">
from fastapi.testclient import TestClient


def convert(client: TestClient, value: float, source: str, target: str) -> float:
    response = client.get("/api/convert", params={"value": value, "from_unit": source, "to_unit": target})
    assert response.status_code == 200, response.text
    return float(response.json()["result"])


def test_lengths_temperatures_and_weights_convert(client: TestClient) -> None:
    assert convert(client, 5, "km", "mi") == 3.106856
    assert convert(client, 100, "c", "f") == 212
    assert convert(client, -40, "f", "c") == -40
    assert convert(client, 1, "lb", "kg") == 0.453592


def test_units_of_different_kinds_do_not_convert(client: TestClient) -> None:
    response = client.get("/api/convert", params={"value": 1, "from_unit": "km", "to_unit": "kg"})
    assert response.status_code == 422 and "length" in response.text


def test_unknown_units_are_refused(client: TestClient) -> None:
    response = client.get("/api/convert", params={"value": 1, "from_unit": "parsec", "to_unit": "m"})
    assert response.status_code == 422
</file>
''',
    "uix": """<file path="frontend/src/components/Converter.jsx">
import { useState } from 'react';
import { convertUnits } from '../api.js';

const UNITS = ['m', 'km', 'mi', 'ft', 'c', 'f', 'kg', 'lb'];

export default function Converter() {
  const [value, setValue] = useState(1);
  const [fromUnit, setFromUnit] = useState('km');
  const [toUnit, setToUnit] = useState('mi');
  const [answer, setAnswer] = useState('');

  async function submit(event) {
    event.preventDefault();
    try {
      const out = await convertUnits({ value, from_unit: fromUnit, to_unit: toUnit });
      setAnswer(`${out.value} ${out.from_unit} = ${out.result} ${out.to_unit}`);
    } catch (err) {
      setAnswer(err.message);
    }
  }

  return (
    <form className="converter" onSubmit={submit} aria-label="Convert">
      <input type="number" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Value" />
      <select value={fromUnit} onChange={(e) => setFromUnit(e.target.value)} aria-label="From">
        {UNITS.map((u) => <option key={u}>{u}</option>)}
      </select>
      <select value={toUnit} onChange={(e) => setToUnit(e.target.value)} aria-label="To">
        {UNITS.map((u) => <option key={u}>{u}</option>)}
      </select>
      <button type="submit">Convert</button>
      <output>{answer}</output>
    </form>
  );
}
</file>
"""
    + placed("Converter"),
}

POMODORO = {
    "request": "a pomodoro timer that logs focus sessions and shows how many I finished",
    "core": json.dumps(
        {
            "app_name": "Pomodoro",
            "kind": "generic",  # CORE chose no kind: the model writes the rules itself
            "slug": "pomodoro",
            "summary": "Start focus sessions of a chosen length for a task, mark them done, and see how much focus time was finished.",
            "features": ["filtering"],
            "entities": [
                {
                    "name": "focus_session",
                    "plural": "focus_sessions",
                    "label": "Session",
                    "plural_label": "Sessions",
                    "title_field": "task",
                    "fields": [
                        {"name": "task", "type": "string", "required": True},
                        {"name": "minutes", "type": "integer", "required": True},
                        {
                            "name": "status",
                            "type": "string",
                            "required": True,
                            "choices": ["running", "done", "abandoned"],
                        },
                        {"name": "ends_at", "type": "datetime", "required": False},
                    ],
                }
            ],
        }
    ),
    "arch": json.dumps(
        {
            "operations": [
                {
                    "method": "post",
                    "path": "/api/pomodoro/start",
                    "operation_id": "start_session",
                    "status": 201,
                    "summary": "Start a focus session",
                    "description": "Create a running session for the task that ends `minutes` from now.",
                    "request": {
                        "type": "object",
                        "properties": {
                            "task": {"type": "string", "minLength": 1, "example": "Write the report"},
                            "minutes": {"type": "integer", "minimum": 1, "maximum": 120, "example": 25},
                        },
                        "required": ["task", "minutes"],
                    },
                    "response": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "task": {"type": "string"},
                            "minutes": {"type": "integer"},
                            "status": {"type": "string", "enum": ["running", "done", "abandoned"]},
                            "ends_at": {"type": "string", "format": "date-time"},
                        },
                        "required": ["id", "task", "minutes", "status", "ends_at"],
                    },
                },
                {
                    "method": "get",
                    "path": "/api/pomodoro/stats",
                    "operation_id": "session_stats",
                    "summary": "Focus statistics",
                    "description": "How many sessions are done, and their minutes added up.",
                    "response": {
                        "type": "object",
                        "properties": {
                            "done": {"type": "integer"},
                            "focus_minutes": {"type": "integer"},
                            "running": {"type": "integer"},
                        },
                        "required": ["done", "focus_minutes", "running"],
                    },
                },
            ]
        }
    ),
    "backend": """<edit path="backend/app/routes/operations.py">
<<<<<<< SEARCH
from datetime import datetime
=======
from datetime import datetime, timedelta
>>>>>>> REPLACE
<<<<<<< SEARCH
from app.db import Database
=======
from app.db import TABLES, Database

SESSIONS = TABLES["focus_sessions"]
>>>>>>> REPLACE
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="start_session is not implemented yet")  # pipeline: stub
=======
    ends_at = datetime.now().replace(microsecond=0) + timedelta(minutes=body.minutes)
    return db.insert(
        SESSIONS, {"task": body.task, "minutes": body.minutes, "status": "running", "ends_at": ends_at}
    )
>>>>>>> REPLACE
<<<<<<< SEARCH
    raise HTTPException(status_code=501, detail="session_stats is not implemented yet")  # pipeline: stub
=======
    sessions = db.list(SESSIONS, q=None, filters={}, limit=100_000, offset=0)
    done = [s for s in sessions if s["status"] == "done"]
    return {
        "done": len(done),
        "focus_minutes": sum(s["minutes"] for s in done),
        "running": sum(1 for s in sessions if s["status"] == "running"),
    }
>>>>>>> REPLACE
</edit>
<file path="backend/tests/test_pomodoro.py">
from datetime import datetime, timedelta

from fastapi.testclient import TestClient


def test_a_started_session_runs_for_its_minutes(client: TestClient) -> None:
    before = datetime.now().replace(microsecond=0)
    response = client.post("/api/pomodoro/start", json={"task": "Write", "minutes": 25})
    assert response.status_code == 201
    session = response.json()
    assert session["status"] == "running"
    ends = datetime.fromisoformat(session["ends_at"])
    assert before + timedelta(minutes=25) <= ends <= datetime.now() + timedelta(minutes=25)


def test_stats_count_only_finished_sessions(client: TestClient) -> None:
    first = client.post("/api/pomodoro/start", json={"task": "Read", "minutes": 25}).json()
    client.post("/api/pomodoro/start", json={"task": "Plan", "minutes": 50})
    client.patch(f"/api/focus-sessions/{first['id']}", json={"status": "done"})
    assert client.get("/api/pomodoro/stats").json() == {"done": 1, "focus_minutes": 25, "running": 1}


def test_a_session_needs_a_task_and_sensible_minutes(client: TestClient) -> None:
    assert client.post("/api/pomodoro/start", json={"task": "", "minutes": 25}).status_code == 422
    assert client.post("/api/pomodoro/start", json={"task": "x", "minutes": 500}).status_code == 422
</file>
""",
    "uix": """<file path="frontend/src/components/Timer.jsx">
import { useEffect, useState } from 'react';
import { sessionStats, startSession } from '../api.js';

export default function Timer() {
  const [task, setTask] = useState('');
  const [minutes, setMinutes] = useState(25);
  const [running, setRunning] = useState(null);
  const [left, setLeft] = useState(0);
  const [stats, setStats] = useState(null);

  useEffect(() => { sessionStats().then(setStats).catch(() => setStats(null)); }, [running]);
  useEffect(() => {
    if (!running) return undefined;
    const tick = () => setLeft(Math.max(0, Math.round((new Date(running.ends_at) - new Date()) / 1000)));
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [running]);

  async function start(event) {
    event.preventDefault();
    setRunning(await startSession({ task, minutes: Number(minutes) }));
  }

  return (
    <section className="timer" aria-label="Focus timer">
      <form onSubmit={start}>
        <input value={task} onChange={(e) => setTask(e.target.value)} placeholder="What will you focus on?" required />
        <input type="number" min="1" max="120" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        <button type="submit">Start</button>
      </form>
      {running && <p className="countdown">{running.task}: {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}</p>}
      {stats && <p>{stats.done} sessions done, {stats.focus_minutes} focus minutes</p>}
    </section>
  );
}
</file>
"""
    + placed("Timer"),
}

APPS = {"dice": DICE, "converter": CONVERTER, "pomodoro": POMODORO}
