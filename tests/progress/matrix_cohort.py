"""Authorization matrix: see tests/progress/matrix.py."""

MATRIX: dict[str, tuple] = {}
