"""The converter's arithmetic, on the server."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.units import UNITS, convert_value


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [(1, "km", "m", 1000), (12, "in", "ft", 1), (1, "mi", "km", 1.609344), (100, "c", "f", 212), (32, "f", "c", 0),
     (0, "k", "c", -273.15), (1, "kg", "lb", 2.2046226218), (1, "gal", "l", 3.785411784), (250, "ml", "cup", 1.0566882094)],
)  # fmt: skip
def test_conversions(value: float, source: str, target: str, expected: float) -> None:
    assert convert_value(value, source, target) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_every_unit_converts_there_and_back() -> None:
    for a, (quantity, _f, _o) in UNITS.items():
        for b, (other, _g, _p) in UNITS.items():
            if quantity == other:
                assert convert_value(convert_value(37.5, a, b), b, a) == pytest.approx(37.5, rel=1e-9)


def test_the_api_converts_and_refuses_what_does_not_convert(client: TestClient) -> None:
    got = client.get("/api/convert", params={"value": 5, "from_unit": "km", "to_unit": "mi"})
    assert got.status_code == 200 and got.json()["result"] == pytest.approx(3.1068559612)
    assert client.get("/api/convert", params={"value": 1, "from_unit": "kg", "to_unit": "m"}).status_code == 422
    assert client.get("/api/convert", params={"value": 1, "from_unit": "parsec", "to_unit": "m"}).status_code == 422
    listed = client.get("/api/units").json()
    assert {"unit": "km", "quantity": "length"} in listed
