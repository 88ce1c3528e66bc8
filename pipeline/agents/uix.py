"""UIX: the Design → a React + Vite project under ``frontend/``, as edits to the scaffold."""

from pipeline.agents.coding import CodeAgent
from pipeline.artifacts import Design
from pipeline.templates import render_frontend


def uix_needs(design: Design, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """The app shell (whole), where new UI is placed; the API client (outline) when there is
    custom work to call."""
    return ["frontend/src/App.jsx"], (["frontend/src/api.js"] if design.custom_operations else [])


UIX = CodeAgent(name="uix", prefix="frontend/", render=render_frontend, needs=uix_needs)
