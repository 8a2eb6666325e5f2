"""Authorization matrix: the progress pages (see tests/test_authorization_matrix.py).

Ava's family is Pat (with the right to information); Casey is linked to Ava without it, so
sees nothing of hers; Olly is the parent of Otto. Kim is Ava's key person; Perry another
practitioner, who sees every child's progress but does not record Ava's. Each part of the app
keeps its own list.
"""

from tests.progress.matrix_cohort import MATRIX as COHORT
from tests.progress.matrix_family import MATRIX as FAMILY
from tests.progress.matrix_options import MATRIX as OPTIONS
from tests.progress.matrix_record import MATRIX as RECORD

MATRIX = {**RECORD, **FAMILY, **COHORT, **OPTIONS}
assert len(MATRIX) == len(RECORD) + len(FAMILY) + len(COHORT) + len(OPTIONS), "a name repeats"
