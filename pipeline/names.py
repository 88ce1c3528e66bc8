"""The agents' names: a tiny module, so light commands need not build the artifact models."""

from __future__ import annotations

from typing import Literal

AgentName = Literal["core", "arch", "backend", "uix", "debug"]
AGENTS: tuple[AgentName, ...] = ("core", "arch", "backend", "uix", "debug")
