"""A real S3-compatible server on loopback for the bucket file store: moto's, in a thread of
the test process, speaking S3's HTTP wire (signed requests, XML answers). Every test gets a
bucket of its own; service processes reach the same server through its URL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "pipeline-test", "AWS_SECRET_ACCESS_KEY": "pipeline-test-secret"}
REGION = "us-east-1"


@dataclass(frozen=True)
class Bucket:
    name: str
    endpoint: str
    client: Any
    """boto3's S3 client, to look at the bucket from outside the store."""

    @property
    def env(self) -> dict[str, str]:
        """What a process needs to keep its files here."""
        return {
            "PIPELINE_S3_BUCKET": self.name, "PIPELINE_S3_ENDPOINT_URL": self.endpoint,
            "PIPELINE_S3_REGION": REGION, **CREDENTIALS,
        }  # fmt: skip

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(str(item["Key"]) for item in listed.get("Contents", []))


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    import boto3

    # the store reads the standard variables, as an operator's would
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"], aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )  # fmt: skip
    name = f"pipeline-test-{secrets.token_hex(6)}"
    client.create_bucket(Bucket=name)
    return Bucket(name, s3_endpoint, client)


def file_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """The folder store under ``tmp_path``, or the bucket store on the test server."""
    from pipeline.stores.file_store import FolderFiles
    from pipeline.stores.open_files import open_files

    if kind == "folder":
        return FolderFiles(tmp_path / "files")
    found: Bucket = request.getfixturevalue("bucket")
    return open_files(tmp_path, found.env)
