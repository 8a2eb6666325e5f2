"""Authorization matrix: the privacy app's URLs (see tests/test_authorization_matrix.py)."""

from tests.privacy.matrix_looks import MATRIX as LOOKS

MATRIX = {**LOOKS}
