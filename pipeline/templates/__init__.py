"""The offline path: request → AppSpec → Plan, Design and the files of a working app.

Pure functions, no network: this is what answers when no provider can.
"""

from pipeline.templates.contract import build_design
from pipeline.templates.extract import AppSpec, extract_spec
from pipeline.templates.render import project_files, render_backend, render_frontend, render_readme

__all__ = [
    "AppSpec", "build_design", "extract_spec", "project_files", "render_backend", "render_frontend", "render_readme",
]  # fmt: skip
