"""The FastAPI service (optional extra ``server``): ``uvicorn pipeline.server:app``."""

from pipeline.server.app import create_app

app = create_app()

__all__ = ["app", "create_app"]
