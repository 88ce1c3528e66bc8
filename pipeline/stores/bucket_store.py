"""Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …) through obstore: the same
keys and answers as the folder store (``file_store.FileStore``).

Credentials come from the standard AWS variables (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``), which obstore reads itself; an object PUT
lands whole or not at all, so no temporary key is needed.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import obstore
from obstore.store import S3Store

from pipeline.stores.file_store import FilesUnavailable, check_key

if TYPE_CHECKING:
    from obstore.store import ClientConfig


class BucketFiles:
    def __init__(
        self,
        bucket: str,
        *,
        endpoint: str | None = None,
        region: str | None = None,
        prefix: str | None = None,
    ) -> None:
        options: dict[str, Any] = {}
        if endpoint:
            # a server of one's own (MinIO, a test server) answers at its address, not the
            # bucket's host name; plain HTTP only when the operator's URL says so
            options = {"endpoint": endpoint, "virtual_hosted_style_request": False}
        if region:
            options["region"] = region
        self.bucket, self.prefix = bucket, (prefix or "").strip("/")
        client: ClientConfig = {"allow_http": (endpoint or "").startswith("http://")}
        self.store = S3Store(bucket, prefix=self.prefix or None, client_options=client, **options)

    @property
    def where(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def check(self) -> None:
        try:  # one listing of at most one key: the bucket is there and these credentials read it
            next(iter(obstore.list(self.store, None, chunk_size=1)), None)
        except Exception as exc:  # obstore's errors (missing bucket, refused, unreachable) differ by cause
            reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
            raise FilesUnavailable(f"the bucket {self.where} cannot be read: {reason}") from exc

    def put(self, key: str, data: bytes) -> None:
        obstore.put(self.store, check_key(key), data)

    def get(self, key: str) -> bytes | None:
        try:
            return bytes(obstore.get(self.store, check_key(key)).bytes())
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):  # S3 itself says nothing; other servers may
            obstore.delete(self.store, check_key(key))

    def keys(self, prefix: str) -> list[str]:
        found = [meta["path"] for batch in obstore.list(self.store, check_key(prefix)) for meta in batch]
        return sorted(found)

    def size(self, key: str) -> int | None:
        try:
            return int(obstore.head(self.store, check_key(key))["size"])
        except FileNotFoundError:
            return None
