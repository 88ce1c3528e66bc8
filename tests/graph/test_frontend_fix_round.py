"""A view that reads a key the operation's answer does not have is found at the static level, and
the fix round goes to the UI's agent with the key and the keys the contract allows."""

from __future__ import annotations

from tests.agents.custom_apps import POMODORO
from tests.scripted import ScriptedChat, run_scripted

SCAFFOLDED = "sessionStats().then(setStats)"
WRONG = "sessionStats().then((s) => setStats({ ...s, focus_minutes: s.minutes }))"
RIGHT = "sessionStats().then((s) => setStats({ ...s, focus_minutes: s.focus_minutes }))"
LINE = "  useEffect(() => {{ {}.catch(() => setStats(null)); }}, [running]);"
FIX = f"""The stats answer has no minutes key: it is focus_minutes.
<edit path="frontend/src/components/Timer.jsx">
<<<<<<< SEARCH
{LINE.format(WRONG)}
=======
{LINE.format(RIGHT)}
>>>>>>> REPLACE
</edit>
"""


async def test_a_wrong_response_key_sends_the_view_back_to_the_ui_agent_with_the_allowed_keys() -> None:
    assert LINE.format(SCAFFOLDED) in POMODORO["uix"]
    uix = ScriptedChat().enqueue(POMODORO["uix"].replace(SCAFFOLDED, WRONG), FIX)
    chats = {
        "core": ScriptedChat().enqueue(POMODORO["core"]),
        "arch": ScriptedChat().enqueue(POMODORO["arch"]),
        "backend": ScriptedChat().enqueue(POMODORO["backend"]),
        "uix": uix,
    }
    final, events = await run_scripted(POMODORO["request"], chats, validate_level="static")
    first = next(e for e in events if e["event"] == "validation")
    assert first["next"] == ["uix"] and [d["check"] for d in first["diagnostics"]] == [
        "contract.response-key"
    ]
    assert len(uix.seen) == 2  # the view, then its fix round
    asked = str(uix.seen[1][-1].content)
    assert "frontend/src/components/Timer.jsx" in asked and "'minutes'" in asked
    assert "it has: done, focus_minutes, running" in asked
    summary = final["summary"]
    assert summary.status == "succeeded" and summary.dropped == []
    assert RIGHT in final["frontend_files"].files["frontend/src/components/Timer.jsx"]
