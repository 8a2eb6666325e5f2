"""Authorization matrix of the retention app (see tests/test_authorization_matrix.py): the
schedule, holds, lists and log in matrix_schedule.py, an adult's erasure in matrix_adults.py."""

from tests.retention.matrix_adults import MATRIX as ADULTS
from tests.retention.matrix_schedule import MATRIX as SCHEDULE

MATRIX = {**ADULTS, **SCHEDULE}
