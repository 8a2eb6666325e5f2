"""Where the browser fetches media from when it is handed signed URLs of an object store."""

from urllib.parse import urlsplit


def s3_storage(*, bucket: str, endpoint_url: str, region: str, access_key: str,
               secret_key: str, addressing_style: str, prefix: str,
               signed_url_seconds: int) -> dict:
    """The ``STORAGES["default"]`` of django-storages' S3 storage as the portal uses it.

    Objects are private: no ACL is sent, so the bucket's own applies (which must grant nobody
    public read); URLs are signed, valid for ``signed_url_seconds``; a new file never replaces
    another of the same name. Empty ``access_key``/``secret_key``: the machine's own AWS
    credentials (its role, the usual AWS_* variables).
    """
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "endpoint_url": endpoint_url or None,
        "region_name": region or None, "access_key": access_key or None,
        "secret_key": secret_key or None, "addressing_style": addressing_style,
        "signature_version": "s3v4", "location": prefix, "default_acl": None,
        "querystring_auth": True, "querystring_expire": signed_url_seconds,
        "file_overwrite": False,
        # A file read from the store (streamed, or copied into a zip) is held in memory up
        # to this size, beyond it in a temporary file removed when it is closed.
        "max_memory_size": 5 * 1024 * 1024}}


def signed_url_origin(*, bucket: str, endpoint_url: str, region: str,
                      addressing_style: str) -> str:
    """The origin (``scheme://host[:port]``) of the signed URLs the default storage makes: the
    only other origin a page's images and videos come from, which the Content-Security-Policy
    must allow.

    botocore itself works it out, signing as django-storages will (virtual-hosted or path
    addressing, the region's endpoint): nothing is guessed. Signing is local, and placeholder
    keys keep botocore from looking for credentials anywhere (an instance's metadata service).
    """
    import boto3
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url or None, region_name=region or None,
        aws_access_key_id="origin", aws_secret_access_key="origin",  # noqa: S106
        config=Config(signature_version="s3v4", s3={"addressing_style": addressing_style}))
    url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "origin"},
                                        ExpiresIn=60)
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
