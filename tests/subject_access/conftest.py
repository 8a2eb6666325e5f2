import json

import pytest

from preschool.tenancy import setting_scope
from tests.complaints.conftest import recently_reauthenticated  # noqa: F401  (re-exported)


def as_text(part) -> str:
    """Everything a part hands out, as one string (the JSON the bundle writes)."""
    return json.dumps({"records": part.records, "withheld": part.withheld,
                       "files": [f.path for f in part.files]}, ensure_ascii=False)


@pytest.fixture
def collect(django_assert_max_num_queries):
    """``collect(func, *args, queries=N)``: the part, read in the setting's scope (as the
    bundle's builder reads it) in at most N queries, after checking it is JSON."""

    def run(func, subject, other, *, setting, queries):
        with setting_scope(setting), django_assert_max_num_queries(queries):
            part = func(subject, other)
        json.dumps(part.records)
        return part

    return run


def records_of(part, record_type) -> list[dict]:
    return [r for r in part.records if r.get("record_type") == record_type]


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (emails, tasks) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
