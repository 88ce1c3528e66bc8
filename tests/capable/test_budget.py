"""The household budget end to end with a capable model: recurring payments and a forecast,
then a limit per category with a warning, then pausing a payment; every earlier operation
still answers after each edit."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.capable import budget
from tests.capable.app import build_faults, capable_settings, ok, readme_operations, run, running, unusable

pytestmark = pytest.mark.slow

AGENTS = ("core", "arch", "backend", "uix", "debug")
JAN = {"start": "2027-01-01"}


def pay(
    client: httpx.Client, name: str, amount: int, kind: str, category: str, every: int, start: str
) -> int:
    body = {"name": name, "amount": amount, "kind": kind, "category": category,
            "every_months": every, "starts_on": start}  # fmt: skip
    made = ok(client.post("/api/payments", json=body), 201)
    return int(made["id"])


def household(client: httpx.Client) -> dict[str, int]:
    return {
        "salary": pay(client, "salary", 3000, "income", "work", 1, "2027-01-01"),
        "rent": pay(client, "rent", 900, "expense", "home", 1, "2026-06-01"),
        "insurance": pay(client, "insurance", 300, "expense", "home", 3, "2026-11-10"),
        "gym": pay(client, "gym", 40, "expense", "health", 1, "2027-02-01"),
    }


def nets(client: httpx.Client) -> list[tuple[str, float, float, float]]:
    answer = ok(client.get("/api/payments/forecast", params=JAN))
    return [(m["month"], m["income"], m["expenses"], m["net"]) for m in answer["months"]]


FORECAST = [
    ("2027-01", 3000, 900, 2100),
    ("2027-02", 3000, 1240, 1760),  # rent, insurance (every 3 months from November), gym
    ("2027-03", 3000, 940, 2060),
]


async def test_budget_generation_and_two_edits(tmp_path: Path) -> None:
    settings = capable_settings(tmp_path / "data")
    out = tmp_path / "budget"
    models = budget.models()
    summary, events = await run(budget.REQUEST, out, settings, models)
    assert unusable(events) == []
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.fix_rounds == 0
    with running(out) as client:
        household(client)
        assert nets(client) == FORECAST

    summary, events = await run(budget.LIMITS, out, settings, models, change=True)
    assert unusable(events) == []
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.fix_rounds == 0
    retried = models.by_agent["backend"].log[-1]
    assert "The closest lines now in" in retried.prompt  # the mis-indented SEARCH, copied again
    with running(out) as client:
        household(client)
        assert nets(client) == FORECAST  # the forecast survives the edit
        ok(client.post("/api/limits", json={"category": "home", "monthly_limit": 1000}), 201)
        ok(client.post("/api/limits", json={"category": "health", "monthly_limit": 100}), 201)
        assert ok(client.get("/api/limits/warnings", params={"on": "2027-01-15"})) == []
        assert ok(client.get("/api/limits/warnings", params={"on": "2027-02-15"})) == [
            {"category": "home", "limit": 1000, "spent": 1200}]  # fmt: skip

    summary, events = await run(budget.PAUSE, out, settings, models, change=True)
    assert unusable(events) == []
    assert summary.status == "succeeded", summary.dropped
    assert summary.dropped == [] and summary.fix_rounds == 1
    [advised] = models.by_agent["debug"].log  # the paused samples, seen in conftest and the helper
    assert '"paused": False' in models.by_agent["backend"].log[-1].answer and "conftest.py" in advised.answer
    with running(out) as client:
        ids = household(client)
        ok(client.post("/api/limits", json={"category": "home", "monthly_limit": 1000}), 201)
        assert nets(client) == FORECAST
        assert ok(client.get("/api/limits/warnings", params={"on": "2027-02-15"})) != []
        paused = client.post("/api/payments/pause", json={"payment_id": ids["insurance"], "paused": True})
        assert ok(paused) == {"id": ids["insurance"], "paused": True}
        assert nets(client) == [(m, i, e - 300 * (m == "2027-02"), n + 300 * (m == "2027-02"))
                                for m, i, e, n in FORECAST]  # fmt: skip
        assert ok(client.get("/api/limits/warnings", params={"on": "2027-02-15"})) == []
        ok(client.post("/api/payments/pause", json={"payment_id": ids["insurance"], "paused": False}))
        assert nets(client) == FORECAST
        assert client.post("/api/payments/pause", json={"payment_id": 999, "paused": True}).status_code == 404
    listed, contract = readme_operations(out)
    assert listed == contract and {"forecast", "limit_warnings", "pause_payment"} <= contract
    assert (out / "backend" / "tests" / "test_forecast.py").is_file()
    assert (out / "backend" / "tests" / "test_warnings.py").is_file()
    assert build_faults(out) == []  # the views the model wrote build
