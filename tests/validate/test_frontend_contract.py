"""The frontend against the contract's shapes: a query name the operation does not declare and a
key its answer does not have are static findings for the UI's agent, with the names the contract
allows; the right names give none, and neither does any template kind's own frontend."""

from __future__ import annotations

import json

import pytest

from pipeline.agents.arch import parse_design
from pipeline.artifacts import Design, Diagnostic, FileSet, Plan
from pipeline.templates import extract_spec, render_frontend
from pipeline.templates.contract import build_design
from pipeline.validate import check_static
from pipeline.validate.js_contract import check_frontend_contract
from tests.agents.custom_apps import POMODORO
from tests.templates.test_generated_apps import KINDS
from tests.templates.test_kinds_catalogue import REQUESTS

HISTORY = {
    "method": "get",
    "path": "/api/pomodoro/history",
    "operation_id": "session_history",
    "summary": "Sessions of a day",
    "description": "The sessions started on `day` (today when not given), newest first, and how many.",
    "query": [{"name": "day", "schema": {"type": "string", "format": "date"}, "required": False}],
    "response": {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"task": {"type": "string"}, "minutes": {"type": "integer"}},
                    "required": ["task", "minutes"],
                },
            },
            "total": {"type": "integer"},
        },
        "required": ["items", "total"],
    },
}
VIEW = "frontend/src/components/History.jsx"
RIGHT_VIEW = """import { useEffect, useState } from 'react';
import { sessionHistory, sessionStats } from '../api.js';

export default function History({ day }) {
  const [rows, setRows] = useState([]);
  const [total, setTotal] = useState(0);
  const [summary, setSummary] = useState('');
  useEffect(() => {
    sessionHistory({ day }).then((data) => {
      setRows(data.items);
      setTotal(data.total);
    });
  }, [day]);
  async function refresh() {
    const { done, focus_minutes: minutes } = await sessionStats();
    const latest = (await sessionHistory({ day: null })).items.map((r) => r.task);
    setSummary(`${done} done, ${minutes} minutes; last: ${latest[0] ?? 'none'}`);
  }
  return (
    <section>
      <button type="button" onClick={refresh}>{summary || 'Refresh'}</button>
      <p>{total} sessions</p>
      <ul>{rows.map((r) => <li key={r.task}>{r.task}: {r.minutes}</li>)}</ul>
    </section>
  );
}
"""


def _pomodoro() -> tuple[Design, FileSet]:
    plan = Plan.model_validate_json(POMODORO["core"])
    operations = [*json.loads(POMODORO["arch"])["operations"], HISTORY]
    design = parse_design(json.dumps({"operations": operations}), plan)
    return design, render_frontend(plan, design)


def _with(frontend: FileSet, path: str, text: str) -> FileSet:
    return FileSet(files={**frontend.files, path: text}, agent="uix", provider="model")


def _said(found: list[Diagnostic]) -> list[tuple[str, int, str, str]]:
    return [(d.file, d.line, d.check, d.owner) for d in found]


def test_the_right_query_names_and_response_keys_give_no_finding() -> None:
    design, frontend = _pomodoro()
    assert "export function sessionHistory(query = {})" in frontend.files["frontend/src/api.js"]
    assert check_frontend_contract(design, _with(frontend, VIEW, RIGHT_VIEW)) == []


def test_a_query_name_the_operation_does_not_declare_is_a_finding_with_the_allowed_names() -> None:
    design, frontend = _pomodoro()
    wrong = RIGHT_VIEW.replace("sessionHistory({ day })", "sessionHistory({ date: day })")
    found = check_frontend_contract(design, _with(frontend, VIEW, wrong))
    assert _said(found) == [(VIEW, 9, "contract.query-name", "uix")]
    message = found[0].message
    assert "'date'" in message and "GET /api/pomodoro/history (session_history)" in message
    assert message.endswith("(its query parameters: day)")
    assert any(
        d.check == "contract.query-name"
        for d in check_static(design, FileSet(), _with(frontend, VIEW, wrong))
    )


def test_a_response_key_the_answer_does_not_have_is_a_finding_wherever_it_is_read() -> None:
    design, frontend = _pomodoro()
    cases = {
        "setRows(data.items)": ("setRows(data.entries)", 10, "'entries'", "items, total"),
        "{ done, focus_minutes: minutes }": (
            "{ done, minutes }",
            15,
            "'minutes'",
            "done, focus_minutes, running",
        ),
        ".items.map((r) => r.task)": (".items.map((r) => r.title)", 16, "'title'", "minutes, task"),
    }
    for right, (wrong, line, name, allowed) in cases.items():
        found = check_frontend_contract(design, _with(frontend, VIEW, RIGHT_VIEW.replace(right, wrong)))
        assert _said(found) == [(VIEW, line, "contract.response-key", "uix")], wrong
        assert name in found[0].message and f"(it has: {allowed})" in found[0].message


def test_the_api_client_a_model_edits_is_checked_too() -> None:
    design, frontend = _pomodoro()
    api = frontend.files["frontend/src/api.js"]
    edited = api.replace(
        "return request('GET', '/api/pomodoro/history', { query });",
        "return request('GET', `/api/pomodoro/history?date=${query.day}`);",
    )
    assert edited != api
    found = check_frontend_contract(design, _with(frontend, "frontend/src/api.js", edited))
    assert [(d.check, "'date'" in d.message) for d in found] == [("contract.query-name", True)]


def test_a_fetch_of_a_literal_url_has_its_query_string_read() -> None:
    design, frontend = _pomodoro()
    caller = """const BASE = '';
export async function history(day, how) {
  const right = await fetch(`${BASE}/api/pomodoro/history?day=${day}`);
  const wrong = await fetch(`${BASE}/api/pomodoro/history?date=${day}`, { method: 'GET' });
  const other = await fetch(`${BASE}/api/pomodoro/history?when=${day}`, { method: how });
  return [right, wrong, other];
}
"""
    found = check_frontend_contract(design, _with(frontend, VIEW, caller))
    assert _said(found) == [(VIEW, 4, "contract.query-name", "uix")] and "'date'" in found[0].message


def test_what_cannot_be_tied_to_an_operation_is_not_judged() -> None:
    design, frontend = _pomodoro()
    unsure = """import { sessionHistory, sessionStats } from '../api.js';

export async function load(pick, setStats) {
  let data = await sessionHistory({ ...pick });
  data = { items: [], nothing: data.nothing };
  const stats = await sessionStats();
  const shadow = [1].map((stats) => stats.anything);
  sessionStats().then(setStats);
  const answer = await fetch('/api/pomodoro/stats').then((r) => r.json());
  return [data.whatever, stats.done, shadow, answer.anything];
}
"""
    assert check_frontend_contract(design, _with(frontend, VIEW, unsure)) == []


CASES = sorted(
    {r for rs in REQUESTS.values() for r in rs}
    | set(KINDS.values())
    | {"a dice roller", "a tic tac toe game", "a unit converter", "a todo app with accounts and sign in",
       "a recipe book with photos of each dish", "a snake game with accounts"}
)  # fmt: skip


@pytest.mark.parametrize("request_text", CASES)
def test_no_template_kind_gives_a_finding(request_text: str) -> None:
    plan = extract_spec(request_text)
    design = build_design(plan)
    assert check_frontend_contract(design, render_frontend(plan, design)) == []


def test_the_templates_own_views_are_read_by_the_check() -> None:
    """The kinds give no finding because their names are right, not because nothing is read."""
    plan = extract_spec("a trivia quiz app")
    design = build_design(plan)
    frontend = render_frontend(plan, design)
    view = "frontend/src/views/QuizView.jsx"
    broken = frontend.files[view].replace("if (got.finished)", "if (got.done)")
    assert broken != frontend.files[view]
    found = check_frontend_contract(design, _with(frontend, view, broken))
    assert [(d.file, d.check) for d in found] == [(view, "contract.response-key")]
    converter = extract_spec("a unit converter")
    design = build_design(converter)
    frontend = render_frontend(converter, design)
    view = "frontend/src/views/ConverterView.jsx"
    broken = frontend.files[view].replace("from_unit", "from", 1)
    found = check_frontend_contract(design, _with(frontend, view, broken))
    assert broken != frontend.files[view] and [d.check for d in found] == ["contract.query-name"]
