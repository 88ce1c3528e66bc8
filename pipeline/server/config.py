"""The service's own knobs, read from the environment once at start."""

from __future__ import annotations

import hmac
import os

from fastapi import Request

from pipeline.preview.proxy import MAX_BODY
from pipeline.server.execute import daily_budget_from_env
from pipeline.server.schemas import DEFAULT_MAX_BODY_BYTES
from pipeline.stores.ratelimit import Rate


class ServiceConfig:
    """The service's own knobs, from the environment."""

    def __init__(self) -> None:
        self.rate = Rate.parse(os.environ.get("RATE_LIMIT_GENERATION", "10/minute"))
        self.max_running = int(os.environ.get("PIPELINE_MAX_RUNNING_JOBS", "4"))
        self.max_queued = int(os.environ.get("PIPELINE_MAX_QUEUED_JOBS", "32"))
        self.max_body_bytes = int(os.environ.get("PIPELINE_MAX_BODY_BYTES", str(DEFAULT_MAX_BODY_BYTES)))
        self.api_tokens = [
            t.strip() for t in os.environ.get("PIPELINE_API_TOKENS", "").split(",") if t.strip()
        ]
        """When set, generation needs ``Authorization: Bearer <one of them>``, limited per token."""
        self.daily_budget_usd = daily_budget_from_env()
        self.preview_max_body_bytes = MAX_BODY
        """A request body to a preview's app (an upload, say): streamed to it, counted on the way."""
        self.max_previews = int(os.environ.get("PIPELINE_MAX_PREVIEWS", "4"))
        """Previews running at once; the one idle longest is stopped to start another."""
        self.preview_idle_s = float(os.environ.get("PIPELINE_PREVIEW_IDLE_S", "600"))
        """A preview with no request for this long is stopped (opened again, it starts again)."""
        self.admin_tokens = [
            t.strip() for t in os.environ.get("PIPELINE_ADMIN_TOKENS", "").split(",") if t.strip()
        ]
        """When set, the operator's endpoints need ``Authorization: Bearer <one of them>``."""

    def is_admin(self, request: Request) -> bool:
        if not self.admin_tokens:
            return True
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return any(hmac.compare_digest(given.encode(), token.encode()) for token in self.admin_tokens)
