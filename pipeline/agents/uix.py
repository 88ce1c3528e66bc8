"""UIX: the Design → a React + Vite project under ``frontend/``."""

from pipeline.agents.coding import CodeAgent
from pipeline.templates import render_frontend

UIX = CodeAgent(name="uix", prefix="frontend/", render=render_frontend)
