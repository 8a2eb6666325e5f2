"""The portal's settings with a page that raises (tests/preschool/test_sentry.py), for a
gunicorn started by a test."""

from tests.server_settings import *  # noqa: F403

ROOT_URLCONF = "tests.preschool.broken_page_urls"
