"""Focus Timer, a tool that computes on the server, with tests on its arithmetic."""

from __future__ import annotations

from pipeline.templates.blueprint import (
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
    text,
)

_SESSION = obj("ended_at", "seconds", session_id=INT, label=STR, mode=STR, planned_minutes=INT,
               started_at=STR, ended_at=STR, seconds=INT)  # fmt: skip
BLUEPRINT = blueprint(
    "timer", "timer", (View("timer", "Timer", "TimerView"),),
    op("post", "/api/timer/sessions", "start_timer", "Start a focus, break or stopwatch session", creates=True,
       handler="start",
       request=obj("label", "planned_minutes", label=text(80),
                   mode={"type": "string", "enum": ["focus", "break", "stopwatch"]},
                   planned_minutes=between(0, 240)),
       response=_SESSION,
       description="The server keeps the start time; one session runs at a time (starting one stops the last)."),
    op("post", "/api/timer/stop", "stop_timer", "Stop a session", handler="stop",
       request=obj(session_id={"type": "integer", "minimum": 1}), response=_SESSION,
       description="The length is the server's clock between start and stop; a stopped session is refused with 409."),
    op("get", "/api/timer/summary", "timer_summary", "Minutes per day and mode", handler="summary",
       response=arr(obj(day=STR, mode=STR, sessions=INT, minutes=NUM))),
    uses=("rules",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="timer",
    priority=170,
    cues=(
        Cue(r"\bfocus\s+(sessions?|timer)\b|\bpomodoro\b|\bstop\s*watch(es)?\b|\btimers?\b|\bcount\s*down\b(?!\s+(?:to|until|till)\b)", "Focus Timer", ("task",)),
    ),
    blueprint=BLUEPRINT,
    prompt="timer",
    prompt_group="tools",
    does=("count", "time", "focus", "pause", "resume", "stop"),
)  # fmt: skip
