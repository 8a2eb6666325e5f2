"""Authorization matrix of the retention app (see tests/test_authorization_matrix.py)."""

from tests.retention.matrix_schedule import MATRIX

__all__ = ["MATRIX"]
