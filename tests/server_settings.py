"""The portal's settings for the web processes these tests start: the production settings,
with static files served unhashed as in every other test (there is no `collectstatic` build
in a test run; tests/conftest.py's ``_plain_static_files`` does the same in-process), cookies
sent over the plain HTTP the test speaks to 127.0.0.1 (in production, HTTPS ends at the proxy
in front), and the passwords of accounts the tests made with their fast hasher accepted."""

from django.conf import global_settings

from preschool.settings import *  # noqa: F403
from preschool.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS,
                    "django.contrib.auth.hashers.MD5PasswordHasher"]  # tests/conftest.py's
