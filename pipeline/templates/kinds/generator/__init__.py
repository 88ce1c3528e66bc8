"""Generator, a tool that computes on the server, with tests on its arithmetic."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    BOOL,
    INT,
    NUM,
    STR,
    Cue,
    KindDefinition,
    View,
    arr,
    between,
    blueprint,
    obj,
    op,
)

BLUEPRINT = blueprint(
    "generator", "generators", (View("generate", "Generate", "GeneratorView"),),
    op("get", "/api/generate/passwords", "generate_passwords", "Strong random passwords",
       handler="passwords",
       query={"length": between(8, 128), "count": between(1, 20), "digits": BOOL, "symbols": BOOL},
       response=arr(obj(password=STR, entropy_bits=NUM)),
       description="From the operating system's randomness; each has at least one character of every class "
                   "asked for. Nothing generated is stored."),
    op("get", "/api/generate/numbers", "generate_numbers", "Random whole numbers in a range",
       handler="numbers",
       query={"low": INT, "high": INT, "count": between(1, 100), "unique": BOOL},
       response=obj(low=INT, high=INT, numbers=arr(INT)),
       description="Unique numbers need a range at least as wide as the count (else 422)."),
    uses=("rules",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="generator",
    priority=180,
    cues=(
        Cue(r"\bpasswords?\s+(generator|maker|creator)\b|\bgenerat(e|es|or|ing)\s+(strong\s+|random\s+|secure\s+)*(passwords?|numbers?)\b|\brandom\s+(number|password)s?\b|\blottery\s+numbers?\b", "Generator", ("note",)),
    ),
    blueprint=BLUEPRINT,
    prompt="generator",
    prompt_group="tools",
    does=("generate", "draw", "pick", "roll"),
)  # fmt: skip
