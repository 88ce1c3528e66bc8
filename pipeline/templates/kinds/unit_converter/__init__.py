"""Unit Converter, a tool that computes on the server, with tests on its arithmetic."""

from __future__ import annotations

from pipeline.templates.blueprint import NUM, STR, Cue, KindDefinition, View, arr, blueprint, obj, op

BLUEPRINT = blueprint(
    "unit_converter", "units", (View("convert", "Convert", "ConverterView"),),
    op("get", "/api/convert", "convert_units", "Convert a value between two units of one quantity",
       handler="convert",
       description="Length, mass, volume and temperature; units of different quantities are refused with 422.",
       query={"value": NUM, "from_unit": STR, "to_unit": STR},
       response=obj(value=NUM, from_unit=STR, to_unit=STR, result=NUM)),
    op("get", "/api/units", "list_units", "The units it knows", handler="units",
       response=arr(obj(unit=STR, quantity=STR))),
    uses=("rules",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="unit_converter",
    priority=140,
    cues=(
        Cue(r"\b(unit|measurement|metric|currency-free)?\s*convert(er|ing|s)?\b.*\b(units?|lengths?|weights?|mass|temperatures?|volumes?|km|miles?|celsius|fahrenheit|kg|pounds?)\b|\bunits?\s+convert", "Unit Converter", ("conversion",)),
    ),
    blueprint=BLUEPRINT,
    prompt="unit_converter",
    prompt_group="tools",
    does=("convert",),
)  # fmt: skip
