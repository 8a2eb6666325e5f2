"""``find`` reads a fixed number of queries whatever the number of children and records."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retention.erasers import ERASABLE, Holds, find
from tests.attendance.factories import RecordFactory, all_day
from tests.consents.factories import accident, calpol, dose
from tests.factories import ChildAdultFactory, ChildFactory
from tests.retention.conftest import TODAY, leave, period


def _children(world, n: int, session) -> None:
    for _ in range(n):
        child = leave(ChildFactory.create(setting=world.setting_a, room=world.room), years_ago=30,
                      born_years_ago=30)
        ChildAdultFactory(child=child)
        dose(world, calpol(world, child=child))
        accident(world, child=child)
        RecordFactory.create(child=child, session=session,
                             signed_in_at=timezone.now() - timedelta(hours=1),
                             signed_in_by=world.users["key_person"])


def _queries(world, record_type: str, holds: Holds) -> int:
    with CaptureQueriesContext(connection) as queries:
        find(record_type, world.setting_a, period(record_type), TODAY, holds)
    return len(queries)


@pytest.mark.parametrize("record_type", sorted(ERASABLE))
def test_find_reads_as_many_queries_for_5_children_as_for_20(world, record_type):
    holds = Holds(child_ids={world.child.pk}, user_ids={world.users["parent"].pk},
                  records={("consents.accident", "00000000-0000-0000-0000-000000000000")})
    session = all_day(world)
    _children(world, 5, session)
    few = _queries(world, record_type, holds)
    _children(world, 15, session)
    assert _queries(world, record_type, holds) == few
    assert few <= 40  # two a kind of row at most (holds, counts)
