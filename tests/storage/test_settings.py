"""Object storage is configured from the environment, strictly: a bad value or combination
stops start-up with a message naming the variable; with signed URLs the Content-Security-Policy
allows exactly the store's origin, and only then."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from preschool.lib.object_storage import signed_url_origin

ROOT = Path(__file__).resolve().parents[2]
SHOW = ("import json, preschool.settings as s; print(json.dumps({'default': s.STORAGES['default'],"
        " 'delivery': s.MEDIA_DELIVERY, 'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES']}, "
        "default=str))")


def _settings(**env) -> subprocess.CompletedProcess:
    """The settings module loaded in a fresh interpreter, as start-up does."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base.update({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org",
                 "SITE_URL": "https://portal.example.org", **env})
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=60)


def _loaded(**env) -> dict:
    done = _settings(**env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


MINIO = {"MEDIA_S3_BUCKET": "portal-media", "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
         "MEDIA_S3_ACCESS_KEY_ID": "key", "MEDIA_S3_SECRET_ACCESS_KEY": "secret"}


def test_it_keeps_uploads_in_the_local_folder_without_a_bucket():
    loaded = _loaded()
    assert loaded["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert loaded["delivery"] == "stream"
    assert "media-src" not in loaded["csp"] and loaded["csp"]["img-src"] == ["'self'", "data:"]


def test_it_uses_private_signed_objects_in_the_bucket_and_allows_only_its_origin():
    loaded = _loaded(**MINIO, MEDIA_S3_PREFIX="/acorn/", MEDIA_SIGNED_URL_SECONDS="120")
    options = loaded["default"]["OPTIONS"]
    assert loaded["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False and options["querystring_expire"] == 120
    assert options["location"] == "acorn" and options["addressing_style"] == "path"
    assert loaded["delivery"] == "signed-url"
    assert loaded["csp"]["img-src"] == ["'self'", "data:", "https://s3.example.org"]
    assert loaded["csp"]["media-src"] == ["'self'", "https://s3.example.org"]


def test_streaming_from_the_bucket_allows_no_other_origin():
    loaded = _loaded(**MINIO, MEDIA_DELIVERY="stream")
    assert loaded["delivery"] == "stream"
    assert "media-src" not in loaded["csp"] and loaded["csp"]["img-src"] == ["'self'", "data:"]


def test_it_reads_the_secret_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    env = {**MINIO, "MEDIA_S3_SECRET_ACCESS_KEY_FILE": str(secret)}
    del env["MEDIA_S3_SECRET_ACCESS_KEY"]
    assert _loaded(**env)["default"]["OPTIONS"]["secret_key"] == "from-a-file"


@pytest.mark.parametrize(("env", "message"), [
    ({"MEDIA_DELIVERY": "signed-url"}, "MEDIA_DELIVERY only apply to object storage"),
    ({**MINIO, "MEDIA_DELIVERY": "public"}, "MEDIA_DELIVERY must be one of"),
    ({**MINIO, "MEDIA_SIGNED_URL_SECONDS": "3600"}, "MEDIA_SIGNED_URL_SECONDS must be at most 900"),
    ({**MINIO, "MEDIA_SIGNED_URL_SECONDS": "10"}, "MEDIA_SIGNED_URL_SECONDS must be at least 60"),
    ({**MINIO, "MEDIA_S3_SECRET_ACCESS_KEY": ""}, "go together"),
    ({**MINIO, "MEDIA_S3_ENDPOINT_URL": "s3.example.org"}, "MEDIA_S3_ENDPOINT_URL must be"),
    ({"MEDIA_S3_BUCKET": "portal-media"}, "MEDIA_S3_REGION must be set"),
    ({**MINIO, "MEDIA_S3_ADDRESSING_STYLE": "auto"}, "MEDIA_S3_ADDRESSING_STYLE must be one of"),
])
def test_a_bad_value_or_combination_stops_start_up(env, message):
    done = _settings(**env)
    assert done.returncode != 0 and message in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize(("endpoint", "region", "style"), [
    ("", "eu-west-2", "virtual"), ("", "us-east-1", "virtual"), ("", "eu-west-2", "path"),
    ("https://s3.example.org:9000", "", "path"), ("https://s3.example.org", "", "virtual"),
])
def test_the_allowed_origin_is_the_one_django_storages_signs_urls_for(endpoint, region, style):
    from storages.backends.s3 import S3Storage

    from preschool.lib.object_storage import s3_storage

    options = s3_storage(bucket="portal-media", endpoint_url=endpoint, region=region,
                         access_key="key", secret_key="secret", addressing_style=style,
                         prefix="acorn", signed_url_seconds=300)["OPTIONS"]
    url = S3Storage(**options).url("journal/photo.jpg")
    assert url.startswith(signed_url_origin(bucket="portal-media", endpoint_url=endpoint,
                                            region=region, addressing_style=style) + "/")
