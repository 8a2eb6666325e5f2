"""Authorization matrix: the cohort view and its exports (see tests/progress/matrix.py).

Managers only (``progress.view_cohort``); another setting's manager sees their own setting's
figures. The exports are aggregates with no names: no new password check, unlike the
complaints record. A superuser belongs to no setting: 403.
"""

from tests.authz import expect

MANAGERS = expect(403, manager=200, other_setting=200)

MATRIX: dict[str, tuple] = {
    "progress-cohort": ("get", None, MANAGERS),
    "progress-cohort-pdf": ("get", None, MANAGERS),
    "progress-cohort-csv": ("get", None, MANAGERS),
}
