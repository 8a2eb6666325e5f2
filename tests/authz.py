"""Shared pieces of the authorization matrix (see tests/test_authorization_matrix.py).

Each app lists its URLs in ``tests/<app>/matrix.py`` as ``MATRIX = {url name: (method,
kwargs builder or None, answers per persona)}``. An answer is a status code, or LOGIN for
"redirected to the login page".
"""

from tests.conftest import PERSONAS

LOGIN = "login"


def expect(default, **overrides):
    """``default`` for every signed-in persona, LOGIN for anonymous, then ``overrides``."""
    answers = dict.fromkeys(PERSONAS, default)
    answers["anonymous"] = LOGIN
    answers.update(overrides)
    return answers


ALL = expect(200)
