"""Tools: the computing happens in the server's operations, with tests on its arithmetic."""

from __future__ import annotations

from dataclasses import replace

from pipeline.templates.blueprints.types import (
    BOOL,
    INT,
    NUM,
    STR,
    View,
    arr,
    between,
    blueprint,
    obj,
    op,
    text,
)  # fmt: skip

UNIT_CONVERTER = blueprint(
    "unit_converter", "units", (View("convert", "Convert", "ConverterView"),),
    op("get", "/api/convert", "convert_units", "Convert a value between two units of one quantity",
       call="units.convert(value, from_unit, to_unit)",
       description="Length, mass, volume and temperature; units of different quantities are refused with 422.",
       query={"value": NUM, "from_unit": STR, "to_unit": STR},
       response=obj(value=NUM, from_unit=STR, to_unit=STR, result=NUM)),
    op("get", "/api/units", "list_units", "The units it knows", call="units.units()",
       response=arr(obj(unit=STR, quantity=STR))),
)  # fmt: skip

_CALCULATION = obj(calculation_id=INT, expression=STR, result=NUM)
CALCULATOR = blueprint(
    "calculator", "calculator", (View("calculate", "Calculate", "CalculatorView"),),
    op("post", "/api/calculations", "calculate", "Work out an expression", creates=True,
       call="calculator.calculate(db, body.expression)", request=obj(expression=text(200, 1)), response=_CALCULATION,
       description="Numbers, + - × ÷ (also * and /), %, ^ and parentheses, and sqrt(); read by a parser "
                   "that knows only arithmetic (never evaluated as code). A division by zero, an "
                   "expression it cannot read or a result too large is refused with 422."),
    op("get", "/api/calculations", "calculation_history", "The latest calculations",
       call="calculator.history(db)", response=arr(_CALCULATION)),
)  # fmt: skip

_SESSION = obj("ended_at", "seconds", session_id=INT, label=STR, mode=STR, planned_minutes=INT,
               started_at=STR, ended_at=STR, seconds=INT)  # fmt: skip
TIMER = blueprint(
    "timer", "timer", (View("timer", "Timer", "TimerView"),),
    op("post", "/api/timer/sessions", "start_timer", "Start a focus, break or stopwatch session", creates=True,
       call="timer.start(db, body.label or '', body.mode, body.planned_minutes or 0)",
       request=obj("label", "planned_minutes", label=text(80),
                   mode={"type": "string", "enum": ["focus", "break", "stopwatch"]},
                   planned_minutes=between(0, 240)),
       response=_SESSION,
       description="The server keeps the start time; one session runs at a time (starting one stops the last)."),
    op("post", "/api/timer/stop", "stop_timer", "Stop a session", call="timer.stop(db, body.session_id)",
       request=obj(session_id={"type": "integer", "minimum": 1}), response=_SESSION,
       description="The length is the server's clock between start and stop; a stopped session is refused with 409."),
    op("get", "/api/timer/summary", "timer_summary", "Minutes per day and mode", call="timer.summary(db)",
       response=arr(obj(day=STR, mode=STR, sessions=INT, minutes=NUM))),
)  # fmt: skip

GENERATOR = blueprint(
    "generator", "generators", (View("generate", "Generate", "GeneratorView"),),
    op("get", "/api/generate/passwords", "generate_passwords", "Strong random passwords",
       call="generators.passwords(length, count, digits, symbols)",
       query={"length": between(8, 128), "count": between(1, 20), "digits": BOOL, "symbols": BOOL},
       response=arr(obj(password=STR, entropy_bits=NUM)),
       description="From the operating system's randomness; each has at least one character of every class "
                   "asked for. Nothing generated is stored."),
    op("get", "/api/generate/numbers", "generate_numbers", "Random whole numbers in a range",
       call="generators.numbers(low, high, count, unique)",
       query={"low": INT, "high": INT, "count": between(1, 100), "unique": BOOL},
       response=obj(low=INT, high=INT, numbers=arr(INT)),
       description="Unique numbers need a range at least as wide as the count (else 422)."),
)  # fmt: skip

TOOLS = tuple(replace(b, uses=(*b.uses, "rules")) for b in (UNIT_CONVERTER, CALCULATOR, TIMER, GENERATOR))
"""Each raises the errors of ``app/rules.py``; the web layer answers them."""
