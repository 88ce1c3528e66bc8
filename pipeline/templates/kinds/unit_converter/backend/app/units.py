"""Unit conversion on the server: every unit is a factor (and, for temperatures, an offset) to
its quantity's base unit, so any two units of one quantity convert both ways exactly."""

from __future__ import annotations

from typing import Any

from app.rules import Invalid


# unit → (quantity, factor to the base unit, offset added after the factor)
UNITS: dict[str, tuple[str, float, float]] = {
    "mm": ("length", 0.001, 0.0), "cm": ("length", 0.01, 0.0), "m": ("length", 1.0, 0.0),
    "km": ("length", 1000.0, 0.0), "in": ("length", 0.0254, 0.0), "ft": ("length", 0.3048, 0.0),
    "yd": ("length", 0.9144, 0.0), "mi": ("length", 1609.344, 0.0),
    "mg": ("mass", 0.000001, 0.0), "g": ("mass", 0.001, 0.0), "kg": ("mass", 1.0, 0.0),
    "lb": ("mass", 0.45359237, 0.0), "oz": ("mass", 0.028349523125, 0.0),
    "ml": ("volume", 0.001, 0.0), "l": ("volume", 1.0, 0.0), "gal": ("volume", 3.785411784, 0.0),
    "cup": ("volume", 0.2365882365, 0.0),
    "c": ("temperature", 1.0, 273.15), "f": ("temperature", 5 / 9, 273.15 - 32 * 5 / 9), "k": ("temperature", 1.0, 0.0),
}  # fmt: skip


def convert_value(value: float, from_unit: str, to_unit: str) -> float:
    try:
        quantity, factor, offset = UNITS[from_unit]
        target, to_factor, to_offset = UNITS[to_unit]
    except KeyError as exc:
        raise Invalid(f"unknown unit {exc.args[0]!r}; known: {', '.join(UNITS)}") from exc
    if quantity != target:
        raise Invalid(f"{from_unit} is a {quantity}, {to_unit} a {target}: they do not convert")
    base = value * factor + offset
    return float(f"{(base - to_offset) / to_factor:.12g}")  # 12 significant digits: no float noise


def convert(value: float, from_unit: str, to_unit: str) -> dict[str, Any]:
    result = convert_value(value, from_unit.lower(), to_unit.lower())
    return {"value": value, "from_unit": from_unit.lower(), "to_unit": to_unit.lower(), "result": result}


def units() -> list[dict[str, Any]]:
    return [{"unit": unit, "quantity": quantity} for unit, (quantity, _f, _o) in UNITS.items()]
