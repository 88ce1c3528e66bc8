"""The Redis layout the API (``previews_redis``) and the workers' preview hosts (``preview_host``)
share: the queue of wanted previews, each job's address, error, ask and lock keys, the hosts'
health reports and the list of forgotten jobs. Both sides import it; neither imports the other."""

from __future__ import annotations

from redis.exceptions import RedisError

NS = "pipeline:previews"
WANTED = f"{NS}:wanted"
HOSTS = f"{NS}:hosts"
FORGOTTEN = f"{NS}:forgotten"
"""Jobs whose projects were deleted, scored by when: every worker stops their previews and
deletes their kept data; entries older than FORGET_FOR_S are let go."""
FORGET_FOR_S = 86_400
OUTAGES = (RedisError, OSError)
"""What a lost Redis connection raises: the loops wait it out, the API reports it."""


def address_key(job_id: str) -> str:
    """Where the job's preview runs (the host's URL), while it does."""
    return f"{NS}:{job_id}:at"


def error_key(job_id: str) -> str:
    """Why the job's preview could not start (JSON ``reason``, ``lines``), for a minute."""
    return f"{NS}:{job_id}:error"


def asked_key(job_id: str) -> str:
    """Set while a start is asked for, so many first requests push one ask."""
    return f"{NS}:{job_id}:asked"


def lock_key(job_id: str) -> str:
    """The host token holding the job's preview: one preview per job across the workers."""
    return f"{NS}:{job_id}:lock"
