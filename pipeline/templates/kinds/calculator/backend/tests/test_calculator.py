"""The calculator's arithmetic: precedence, brackets, powers, roots, and clear refusals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.calculator import CalculationError, evaluate


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 / 4", 2.5), ("2 ^ 3 ^ 2", 512), ("-3 ^ 2", -9), ("2 ^ -1", 0.5),
        ("7 % 3", 1), ("sqrt 16 + 1", 5), ("sqrt(2) * sqrt(2)", 2), ("0.1 + 0.2", 0.3), ("12 × 12", 144),
        ("9 ÷ 3 - -1", 4), (".5 * 4", 2),
    ],
)  # fmt: skip
def test_it_works_out_arithmetic(expression: str, value: float) -> None:
    assert evaluate(expression) == pytest.approx(value)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [("1 / 0", "division by zero"), ("(1 + 2", "ends too soon"), ("2 +", "ends too soon"), ("", "empty"),
     ("__import__('os')", "not part of arithmetic"), ("sqrt -4", "negative"), ("9 ^ 9999", "out of range"),
     ("1 2", "unexpected"), ("10 ^ 20", "too large")],
)  # fmt: skip
def test_it_refuses_what_is_not_arithmetic(expression: str, reason: str) -> None:
    with pytest.raises(CalculationError, match=reason):
        evaluate(expression)


def test_the_api_answers_and_keeps_a_history(client: TestClient) -> None:
    got = client.post("/api/calculations", json={"expression": "2 * (3 + 4)"})
    assert got.status_code == 201 and got.json()["result"] == 14
    refused = client.post("/api/calculations", json={"expression": "1/0"})
    assert refused.status_code == 422 and refused.json()["detail"] == "division by zero"
    client.post("/api/calculations", json={"expression": "1 + 1"})
    assert [c["result"] for c in client.get("/api/calculations").json()] == [2, 14]
