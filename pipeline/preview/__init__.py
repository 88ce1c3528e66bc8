"""Running a generated app to look at it: its frontend built, its backend started in the sandbox
on a unix socket, and a proxy on a real port in front of it (the CLI's ``run``; the service's
previews build on the same parts)."""

from pipeline.preview.app import AppProcess, PreviewError, start_app
from pipeline.preview.build import build_frontend
from pipeline.preview.proxy import SocketProxy

__all__ = ["AppProcess", "PreviewError", "SocketProxy", "build_frontend", "start_app"]
