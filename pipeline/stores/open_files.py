"""Which file store the service keeps files in: the operator's bucket when configured, else the
data folder. Apart from both stores, so neither imports the other."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pipeline.stores.file_store import FileStore, FolderFiles


def open_files(data_dir: Path, env: Mapping[str, str] = os.environ) -> FileStore:
    """The bucket ``PIPELINE_S3_BUCKET`` names (at ``PIPELINE_S3_ENDPOINT_URL``, in
    ``PIPELINE_S3_REGION``, under ``PIPELINE_S3_PREFIX``; credentials from the standard AWS
    variables), else the data folder's ``files``."""
    bucket = env.get("PIPELINE_S3_BUCKET", "").strip()
    if not bucket:
        return FolderFiles(data_dir / "files")
    from pipeline.stores.bucket_store import BucketFiles  # obstore: the server extra's

    return BucketFiles(
        bucket,
        endpoint=env.get("PIPELINE_S3_ENDPOINT_URL") or None,
        region=env.get("PIPELINE_S3_REGION") or None,
        prefix=env.get("PIPELINE_S3_PREFIX") or None,
    )
