"""The service's commands: ``serve`` (the API), ``worker`` (queue workers), ``fake-llm``."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console

from pipeline.cli.parsing import Parser
from pipeline.errors import InputError


def serve_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    from pipeline.settings import Settings

    parser = Parser(
        prog="python -m pipeline serve", description="Run the HTTP service (needs the `server` extra)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes; with more than one, set PIPELINE_REDIS_URL so they share state",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="proxies whose X-Forwarded-For is trusted (uvicorn's; default FORWARDED_ALLOW_IPS or 127.0.0.1)",
    )
    ns = parser.parse_args(argv)
    try:
        import uvicorn
    except ImportError as exc:
        raise InputError("the service needs FastAPI and uvicorn", hint="pip install -e '.[server]'") from exc
    if ns.workers > 1 and not Settings().redis_url:
        raise InputError(
            "several workers need shared state", hint="set PIPELINE_REDIS_URL=redis://127.0.0.1:6379/0"
        )
    from pipeline.server.middleware import uvicorn_options

    uvicorn.run(
        "pipeline.server:app", host=ns.host, port=ns.port, workers=ns.workers, log_level="warning",
        proxy_headers=True, forwarded_allow_ips=ns.forwarded_allow_ips, **uvicorn_options(),
    )  # fmt: skip
    return 0


def worker_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    from pipeline.settings import Settings

    parser = Parser(
        prog="python -m pipeline worker",
        description="Run generation jobs from the service's queue (on any number of hosts).",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="jobs at once in this process")
    parser.add_argument(
        "--nice", type=int, default=10,
        help="CPU priority to lower by (default 10): on a host shared with the API, the API answers first",
    )  # fmt: skip
    ns = parser.parse_args(argv)
    if ns.concurrency < 1:
        raise InputError("--concurrency must be at least 1")
    settings = Settings()
    if not settings.redis_url:
        raise InputError(
            "workers take their jobs from Redis",
            hint="set PIPELINE_REDIS_URL=redis://127.0.0.1:6379/0 (without it, serve runs the jobs itself)",
        )
    try:
        from pipeline.server.queue import run_worker
    except ImportError as exc:
        raise InputError("workers need the `server` extra", hint="pip install -e '.[server]'") from exc
    import asyncio
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if ns.nice:
        os.nice(ns.nice)  # generation is batch work; people wait on the API
    asyncio.run(run_worker(settings, ns.concurrency))
    return 0


def fake_llm_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(
        prog="python -m pipeline fake-llm",
        description="Serve the Gemini and OpenAI-compatible APIs on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="SECONDS", help="delay before every answer"
    )
    parser.add_argument(
        "--rpm", type=int, default=0, help="per-key requests per minute before 429s (0: no limit)"
    )
    ns = parser.parse_args(argv)
    import asyncio

    from pipeline.testing.fake_llm import serve_forever

    asyncio.run(serve_forever(ns.host, ns.port, ns.latency, ns.rpm))
    return 0
