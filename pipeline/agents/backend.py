"""BACKEND: the Design → a FastAPI project under ``backend/``."""

from pipeline.agents.coding import CodeAgent
from pipeline.templates import render_backend

BACKEND = CodeAgent(name="backend", prefix="backend/", render=render_backend)
