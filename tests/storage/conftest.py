"""Media in an S3-compatible object store (tests/object_storage.py): a bucket of its own for
each test, and the portal's default storage pointed at it."""

import pytest

from tests.object_storage import Bucket, make_bucket


@pytest.fixture(params=["stream", "signed-url"])
def bucket(request, s3_endpoint, settings, media_root) -> Bucket:
    """A bucket of this test's, in each way of handing files out."""
    return make_bucket(s3_endpoint, settings, delivery=request.param)


@pytest.fixture
def signed_bucket(s3_endpoint, settings, media_root) -> Bucket:
    return make_bucket(s3_endpoint, settings, delivery="signed-url", seconds=120)
