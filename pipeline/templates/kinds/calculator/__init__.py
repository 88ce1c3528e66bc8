"""Calculator, a tool that computes on the server, with tests on its arithmetic."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    NUM,
    STR,
    Cue,
    KindDefinition,
    View,
    arr,
    blueprint,
    obj,
    op,
    text,
)

_CALCULATION = obj(calculation_id=INT, expression=STR, result=NUM)
BLUEPRINT = blueprint(
    "calculator", "calculator", (View("calculate", "Calculate", "CalculatorView"),),
    op("post", "/api/calculations", "calculate", "Work out an expression", creates=True,
       handler="calculate", request=obj(expression=text(200, 1)), response=_CALCULATION,
       description="Numbers, + - × ÷ (also * and /), %, ^ and parentheses, and sqrt(); read by a parser "
                   "that knows only arithmetic (never evaluated as code). A division by zero, an "
                   "expression it cannot read or a result too large is refused with 422."),
    op("get", "/api/calculations", "calculation_history", "The latest calculations",
       handler="history", response=arr(_CALCULATION)),
    uses=("rules",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="calculator",
    priority=160,
    cues=(
        Cue(r"\bcalculators?\b|\barithmetic\b", "Calculator", ("note",)),
    ),
    blueprint=BLUEPRINT,
    prompt="calculator",
    prompt_group="tools",
    does=("calculate", "compute", "add", "subtract", "multiply", "divide"),
)  # fmt: skip
