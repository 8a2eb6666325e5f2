"""An S3-compatible object store for the tests: moto's server, a real process on 127.0.0.1
speaking the S3 protocol, started once for the run (``s3_endpoint``), and buckets in it
(``new_bucket``; ``make_bucket`` also points this process's default storage at one). The rest
of the suite keeps the local folder."""

import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from preschool.lib.object_storage import s3_storage
from tests.servers import free_port, server

REGION = "us-east-1"
# moto accepts any key; the portal signs with these as it would with a real store's.
ACCESS_KEY, SECRET_KEY = "portal-test-key", "portal-test-secret"  # noqa: S105


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of a moto server for the run (CI must have it: moto is a dev dependency)."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("moto is required in CI (uv sync installs the dev dependencies).")
        pytest.skip("moto is not installed")
    port = free_port()
    with server([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                {}, port):
        yield f"http://127.0.0.1:{port}"


@dataclass
class Bucket:
    """A test's bucket, the default storage of this process, and ``env`` for the portal's
    other processes (gunicorn, Celery workers) to use it too."""

    name: str
    endpoint: str
    delivery: str
    seconds: int
    client: Any

    @property
    def env(self) -> dict[str, str]:
        return {"MEDIA_S3_BUCKET": self.name, "MEDIA_S3_ENDPOINT_URL": self.endpoint,
                "MEDIA_S3_REGION": REGION, "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
                "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY, "MEDIA_DELIVERY": self.delivery,
                "MEDIA_SIGNED_URL_SECONDS": str(self.seconds)}

    def object_keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def names(self) -> list[str]:
        return sorted(self.object_keys())

    def storage_settings(self) -> dict:
        return s3_storage(bucket=self.name, endpoint_url=self.endpoint, region=REGION,
                          access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                          addressing_style="path", prefix="", signed_url_seconds=self.seconds)


def new_bucket(endpoint: str, *, delivery: str = "stream", seconds: int = 300) -> Bucket:
    """A new, empty bucket."""
    import boto3
    from botocore.config import Config

    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                          config=Config(signature_version="s3v4",
                                        s3={"addressing_style": "path"}))
    bucket = Bucket(f"media-{uuid.uuid4().hex[:12]}", endpoint, delivery, seconds, client)
    client.create_bucket(Bucket=bucket.name)
    return bucket


def make_bucket(endpoint: str, settings, *, delivery: str, seconds: int = 300) -> Bucket:
    """A new bucket, and ``settings`` sending this process's uploads to it."""
    bucket = new_bucket(endpoint, delivery=delivery, seconds=seconds)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_settings()}
    settings.MEDIA_DELIVERY = delivery
    settings.MEDIA_SIGNED_URL_SECONDS = seconds
    return bucket
