"""A household budget with recurring payments and a forecast, answered by a capable model.

Generation: payments that recur every N months from a start date, and a forecast of the coming
months (income, expenses, net), computed in a helper module the model writes. Edit 1 adds a
monthly limit per category and a warning when a month's expenses pass it; one SEARCH is copied
with the wrong indentation, and the retry must show the closest lines to copy from. Edit 2 adds
pausing a payment: a paused payment leaves the forecast and the warnings, by an edit of the
helper module the edit must show.
"""

from __future__ import annotations

import json
import re

from tests.capable.model import CapableChat, CapableModels, asked, edit, line_with, need, shown_file, whole

REQUEST = (
    "a household budget: payments in and out that recur every few months (rent monthly, insurance "
    "quarterly, salary), and a forecast of the next three months with income, expenses and net"
)
LIMITS = "set a monthly limit per category and warn me when a month's expenses go over it"
PAUSE = "let me pause a payment: a paused payment is left out of the forecast and the warnings"

OPS = "backend/app/routes/operations.py"
HELPER = "backend/app/forecast.py"

PAYMENT = {
    "name": "payment", "plural": "payments", "label": "Payment", "plural_label": "Payments",
    "title_field": "name",
    "fields": [{"name": "name", "type": "string", "required": True},
               {"name": "amount", "type": "number", "required": True},
               {"name": "kind", "type": "string", "required": True, "choices": ["income", "expense"]},
               {"name": "category", "type": "string", "required": True},
               {"name": "every_months", "type": "integer", "required": True},
               {"name": "starts_on", "type": "date", "required": True}],
}  # fmt: skip
LIMIT = {
    "name": "limit", "plural": "limits", "label": "Limit", "plural_label": "Limits",
    "title_field": "category",
    "fields": [{"name": "category", "type": "string", "required": True},
               {"name": "monthly_limit", "type": "number", "required": True}],
}  # fmt: skip
PLAN = {
    "app_name": "Household Budget", "slug": "household-budget", "kind": "generic",
    "summary": "Recurring payments in and out, and a forecast of the coming months.",
    "features": ["monthly_totals"], "pages": ["payments", "forecast"], "entities": [PAYMENT],
}  # fmt: skip

FORECAST = {
    "method": "get", "path": "/api/payments/forecast", "operation_id": "forecast", "entity": "payment",
    "summary": "Forecast of the coming months",
    "description": "For each of `months` calendar months from the month of `start` (today when not "
    "given): the income and the expenses of the payments that fall in it (a payment falls in its "
    "start month and every `every_months` months after), and net = income - expenses.",
    "query": [{"name": "start", "schema": {"type": "string", "format": "date"}, "required": False},
              {"name": "months", "schema": {"type": "integer", "minimum": 1, "maximum": 24, "default": 3},
               "required": False}],
    "response": {"type": "object", "properties": {"months": {"type": "array", "items": {
        "type": "object", "properties": {"month": {"type": "string"}, "income": {"type": "number"},
                                         "expenses": {"type": "number"}, "net": {"type": "number"}},
        "required": ["month", "income", "expenses", "net"]}}}, "required": ["months"]},
}  # fmt: skip
WARNINGS = {
    "method": "get", "path": "/api/limits/warnings", "operation_id": "limit_warnings", "entity": "limit",
    "summary": "Categories over their monthly limit",
    "description": "For the month of `on` (today when not given): each category whose expenses falling "
    "in that month are above its monthly limit, with the limit and the amount spent.",
    "query": [{"name": "on", "schema": {"type": "string", "format": "date"}, "required": False}],
    "response": {"type": "array", "items": {"type": "object", "properties": {
        "category": {"type": "string"}, "limit": {"type": "number"}, "spent": {"type": "number"}},
        "required": ["category", "limit", "spent"]}},
}  # fmt: skip
PAUSE_OP = {
    "method": "post", "path": "/api/payments/pause", "operation_id": "pause_payment", "entity": "payment",
    "summary": "Pause or resume a payment",
    "description": "Set payment `payment_id`'s paused flag; a paused payment falls in no month. "
    "404 for an unknown payment.",
    "request": {"type": "object", "properties": {"payment_id": {"type": "integer", "example": 1},
                                                 "paused": {"type": "boolean", "example": True}},
                "required": ["payment_id", "paused"]},
    "response": {"type": "object", "properties": {"id": {"type": "integer"}, "paused": {"type": "boolean"}},
                 "required": ["id", "paused"]},
}  # fmt: skip


def current_plan(prompt: str) -> dict[str, object]:
    plan: dict[str, object] = json.loads(prompt.split("Current plan:\n", 1)[1].split("\n\n", 1)[0])
    return plan


def core(prompt: str) -> str:
    if "Current plan:" not in prompt:
        need("forecast" in prompt, "CORE is not told the request")
        return json.dumps(PLAN)
    plan = current_plan(prompt)
    entities = plan["entities"]
    assert isinstance(entities, list)
    if asked(prompt) == LIMITS:
        need([e["name"] for e in entities] == ["payment"], "CORE is not shown the current entities")
        entities.append(LIMIT)
    else:
        need(asked(prompt) == PAUSE, "CORE is not told the change")
        fields = entities[0]["fields"]
        fields.append({"name": "paused", "type": "boolean", "required": False})
    return json.dumps(plan)


def arch(prompt: str) -> str:
    if asked(prompt) == LIMITS:
        need('"operation_id":"forecast"' in prompt and "/api/limits" in prompt, "ARCH lacks the app as it is")
        return json.dumps({"added": [WARNINGS]})
    if asked(prompt) == PAUSE:
        need('"operation_id":"limit_warnings"' in prompt, "ARCH in an edit is not shown every operation")
        return json.dumps({"added": [PAUSE_OP], "changed": [], "removed": []})
    need(REQUEST in prompt, "ARCH is not given the user's request")
    return json.dumps({"operations": [FORECAST]})


HELPER_TEXT = '''
"""Which months a recurring payment falls in, and the totals of a run of months."""

from datetime import date
from typing import Any


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def occurs(payment: dict[str, Any], index: int) -> bool:
    """Whether the payment falls in the month numbered ``index`` (see ``month_index``)."""
    start = month_index(date.fromisoformat(payment["starts_on"]))
    return index >= start and (index - start) % max(payment["every_months"], 1) == 0


def label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def totals(payments: list[dict[str, Any]], first: date, months: int) -> list[dict[str, Any]]:
    out = []
    for index in range(month_index(first), month_index(first) + months):
        falling = [p for p in payments if occurs(p, index)]
        income = sum(p["amount"] for p in falling if p["kind"] == "income")
        expenses = sum(p["amount"] for p in falling if p["kind"] == "expense")
        out.append({"month": label(index), "income": income, "expenses": expenses, "net": income - expenses})
    return out
'''

TEST_FORECAST = """
from fastapi.testclient import TestClient

from tests.conftest import make


def test_the_forecast_sums_what_falls_in_each_month(client: TestClient) -> None:
    make(client, "payments", name="salary", amount=3000, kind="income", category="work",
         every_months=1, starts_on="2027-01-01")
    make(client, "payments", name="insurance", amount=300, kind="expense", category="home",
         every_months=3, starts_on="2026-11-10")
    answer = client.get("/api/payments/forecast", params={"start": "2027-01-01"}).json()
    assert answer == {"months": [
        {"month": "2027-01", "income": 3000, "expenses": 0, "net": 3000},
        {"month": "2027-02", "income": 3000, "expenses": 300, "net": 2700},
        {"month": "2027-03", "income": 3000, "expenses": 0, "net": 3000},
    ]}
"""


def backend(prompt: str) -> str:
    if "These checks failed" in prompt:
        return backend_fix(prompt)
    if "The closest lines now in" in prompt:
        return backend_retry(prompt)
    ops = shown_file(prompt, OPS)
    if asked(prompt) == LIMITS:
        return backend_limits(prompt, ops)
    if asked(prompt) == PAUSE:
        return backend_pause(prompt, ops)
    need("ISO text" in prompt, "BACKEND is not told how db.py stores dates")
    need('"every_months": 3' in prompt, "BACKEND is not shown the sample values make() fills in")
    return (
        whole(HELPER, HELPER_TEXT)
        + edit(
            OPS,
            (
                line_with(ops, "from app.db import Database"),
                "from app.db import TABLES, Database\nfrom app.forecast import totals\n\n"
                'PAYMENTS = TABLES["payments"]',
            ),
            (
                line_with(ops, "forecast is not implemented yet"),
                "    payments = db.list(PAYMENTS, q=None, filters={}, limit=100_000, offset=0)\n"
                '    return {"months": totals(payments, start or date.today(), months or 3)}',
            ),
        )
        + whole("backend/tests/test_forecast.py", TEST_FORECAST)
    )


def backend_limits(prompt: str, ops: str) -> str:
    need(
        shown_file(prompt, HELPER) == HELPER_TEXT.strip() + "\n", "the helper module is not shown as written"
    )
    need("limit_warnings is not implemented yet" in ops, "the new stub is not shown")
    need("Outline of backend/tests/test_forecast.py" in prompt, "the model's tests are not shown")
    # the mistake: the import line copied with a stray indent, as a model sometimes does
    return edit(
        OPS,
        ("    from app.forecast import totals", "from app.forecast import month_index, occurs, totals"),
        (
            line_with(ops, 'PAYMENTS = TABLES["payments"]'),
            'PAYMENTS, LIMITS = TABLES["payments"], TABLES["limits"]',
        ),
        (
            line_with(ops, "limit_warnings is not implemented yet"),
            "    index = month_index(on or date.today())\n"
            "    payments = db.list(PAYMENTS, q=None, filters={}, limit=100_000, offset=0)\n"
            "    spent: dict[str, float] = {}\n"
            "    for p in payments:\n"
            '        if p["kind"] == "expense" and occurs(p, index):\n'
            '            spent[p["category"]] = spent.get(p["category"], 0) + p["amount"]\n'
            "    limits = db.list(LIMITS, q=None, filters={}, limit=100_000, offset=0)\n"
            "    return [\n"
            '        {"category": lim["category"], "limit": lim["monthly_limit"], "spent": spent[lim["category"]]}\n'
            "        for lim in limits\n"
            '        if spent.get(lim["category"], 0) > lim["monthly_limit"]\n'
            "    ]",
        ),
    ) + whole("backend/tests/test_warnings.py", TEST_WARNINGS)


TEST_WARNINGS = """
from fastapi.testclient import TestClient

from tests.conftest import make


def test_a_category_over_its_limit_is_warned(client: TestClient) -> None:
    make(client, "limits", category="home", monthly_limit=1000)
    make(client, "limits", category="food", monthly_limit=400)
    make(client, "payments", name="rent", amount=900, kind="expense", category="home",
         every_months=1, starts_on="2027-01-01")
    make(client, "payments", name="repairs", amount=250, kind="expense", category="home",
         every_months=2, starts_on="2027-01-05")
    make(client, "payments", name="groceries", amount=350, kind="expense", category="food",
         every_months=1, starts_on="2027-01-01")
    over = client.get("/api/limits/warnings", params={"on": "2027-01-20"}).json()
    assert over == [{"category": "home", "limit": 1000, "spent": 1150}]
    assert client.get("/api/limits/warnings", params={"on": "2027-02-20"}).json() == []
"""


def backend_retry(prompt: str) -> str:
    """The retry shows the failed block and the closest lines: copy the SEARCH from them."""
    failed = re.search(r"<<<<<<< SEARCH\n(.*?)=======\n(.*?)>>>>>>> REPLACE", prompt, re.S)
    closest = prompt.split("The closest lines now in", 1)[1]
    need(failed is not None and "from app.forecast import totals" in closest,
         "the retry does not show the closest lines")  # fmt: skip
    assert failed is not None
    exact = line_with(closest, "from app.forecast import totals").split("|")[-1]
    exact = exact[exact.index("from") :]
    return edit(OPS, (exact, failed.group(2).rstrip("\n")))


def backend_pause(prompt: str, ops: str) -> str:
    helper = shown_file(prompt, HELPER)
    need("def limit_warnings" in ops and "spent.get(" in ops, "the edit does not show the model's operations")
    need("pause_payment is not implemented yet" in ops, "the new stub is not shown")
    return (
        edit(
            HELPER,
            (
                line_with(helper, 'start = month_index(date.fromisoformat(payment["starts_on"]))'),
                '    if payment.get("paused"):\n        return False\n'
                + line_with(helper, 'start = month_index(date.fromisoformat(payment["starts_on"]))'),
            ),
        )
        + edit(
            OPS,
            (
                line_with(ops, "pause_payment is not implemented yet"),
                '    saved = db.update(PAYMENTS, body.payment_id, {"paused": body.paused})\n'
                "    if saved is None:\n"
                '        raise HTTPException(status_code=404, detail=f"payment {body.payment_id} not found")\n'
                '    return {"id": saved["id"], "paused": bool(saved["paused"])}',
            ),
        )
        + whole("backend/tests/test_pause.py", TEST_PAUSE)
    )


TEST_PAUSE = """
from fastapi.testclient import TestClient

from tests.conftest import make


def test_a_paused_payment_leaves_the_forecast(client: TestClient) -> None:
    gym = make(client, "payments", name="gym", amount=40, kind="expense", category="health",
               every_months=1, starts_on="2027-01-01")
    answer = client.post("/api/payments/pause", json={"payment_id": gym["id"], "paused": True})
    assert answer.json() == {"id": gym["id"], "paused": True}
    months = client.get("/api/payments/forecast", params={"start": "2027-01-01", "months": 1}).json()
    assert months["months"][0]["expenses"] == 0
    assert client.post("/api/payments/pause", json={"payment_id": 99, "paused": True}).status_code == 404
"""


CONFTEST = "backend/tests/conftest.py"


def debug(prompt: str) -> str:
    """The pause edit's tests see no money at all: the records they made are paused."""
    findings = prompt.split("<file", 1)[0]
    need("'income': 0.0" in findings and "'income': 3000" in findings, "DEBUG lacks actual and expected")
    helper = shown_file(prompt, HELPER)
    need('payment.get("paused")' in helper, "DEBUG is not shown the helper the route calls")
    need('"paused": True' in shown_file(prompt, CONFTEST), "DEBUG is not shown the fixtures' samples")
    return json.dumps({"advice": {CONFTEST: (
        'SAMPLES["payments"] has "paused": True, so every payment make() creates is paused and falls'
        ' in no month: make the sample "paused": False (a new payment is not paused).'
    )}})  # fmt: skip


def backend_fix(prompt: str) -> str:
    need('Advice: SAMPLES["payments"] has "paused": True' in prompt, "DEBUG's advice is not passed on")
    conftest = shown_file(prompt, CONFTEST)
    paused = line_with(conftest, '"paused": True')
    return edit(CONFTEST, (paused, paused.replace("True", "False")))


FORECAST_VIEW = """
import { useEffect, useState } from 'react';
import { forecast } from '../api.js';

export default function ForecastView() {
  const [months, setMonths] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => {
    forecast({ months: 3 }).then((answer) => setMonths(answer.months)).catch((e) => setError(e.message));
  }, []);
  return (
    <section className="card">
      <h2>Next three months</h2>
      {error && <p className="error">{error}</p>}
      <table>
        <thead><tr><th>Month</th><th>Income</th><th>Expenses</th><th>Net</th></tr></thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}><td>{m.month}</td><td>{m.income}</td><td>{m.expenses}</td><td>{m.net}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
"""


def uix(prompt: str) -> str:
    app = shown_file(prompt, "frontend/src/App.jsx")
    if asked(prompt) == LIMITS:
        view = shown_file(prompt, "frontend/src/views/ForecastView.jsx")
        need("limitWarnings(" in prompt and "{category: string, limit: number, spent: number}[]" in prompt,
             "UIX is not told the warnings' shape")  # fmt: skip
        return edit(
            "frontend/src/views/ForecastView.jsx",
            (line_with(view, "import { forecast }"), "import { forecast, limitWarnings } from '../api.js';"),
            (
                line_with(view, "const [error, setError]"),
                "  const [error, setError] = useState('');\n  const [warnings, setWarnings] = useState([]);",
            ),
            (
                line_with(view, "forecast({ months: 3 })"),
                line_with(view, "forecast({ months: 3 })")
                + "\n    limitWarnings().then(setWarnings).catch((e) => setError(e.message));",
            ),
            (
                line_with(view, "<h2>Next three months</h2>"),
                "      <h2>Next three months</h2>\n"
                "      {warnings.map((w) => (\n"
                '        <p key={w.category} className="error">{w.category}: {w.spent} spent of {w.limit}</p>\n'
                "      ))}",
            ),
        )
    if asked(prompt) == PAUSE:
        need("pausePayment(" in prompt, "UIX is not told the new API function")
        return "<no-changes/>"  # the Payments view edits the paused flag already
    need("forecast(" in prompt and "months: {month: string" in prompt, "UIX is not told the forecast's shape")
    return whole("frontend/src/views/ForecastView.jsx", FORECAST_VIEW) + edit(
        "frontend/src/App.jsx",
        (
            line_with(app, "import PaymentView"),
            line_with(app, "import PaymentView") + "\nimport ForecastView from './views/ForecastView.jsx';",
        ),
        (
            line_with(app, '{ key: "payments"'),
            line_with(app, '{ key: "payments"')
            + '\n  { key: "forecast", label: "Forecast", View: ForecastView },',
        ),
    )


def models() -> CapableModels:
    answers = {"core": core, "arch": arch, "backend": backend, "uix": uix, "debug": debug}
    return CapableModels({name: CapableChat(answer) for name, answer in answers.items()})
