"""The cohort's figures (progress/cohort.py): groups, the small-group rule, gaps and their
change, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from families.models import Child, Room, SenStatus
from progress import services
from progress.cohort import DIMENSIONS, cohort_figures, percent
from tests.progress.cohort_factories import NOT_YET, assess, children
from tests.progress.factories import points, recorded, use_birth_to_5_matters

pytestmark = pytest.mark.django_db


def _area(cohort, code="CL"):
    return next(a for a in cohort.areas if a.area.code == code)


def _row(area, label):
    return next(r for r in area.rows if r.label == label)


def test_it_counts_the_whole_cohort_at_each_point_from_shared_assessments_only(world):
    entry, term1, term2 = points(world)
    kids = children(world, 6)
    assess(world, kids, term1, on_track=3)
    assess(world, kids, term2, on_track=5)
    assess(world, children(world, 2), term2, on_track=2, share=False)  # drafts: not counted
    cohort = cohort_figures(world.setting_a, DIMENSIONS[""])
    assert [p.name for p in cohort.points] == ["On entry", "Term 1", "Term 2"]
    cl = _area(cohort)
    assert cl.groups == [] and cl.gaps == []
    assert [(c.assessed, c.on_track, c.share) for c in cl.whole.cells] == [
        (0, 0, None), (6, 3, 50), (6, 5, 83)]
    assert cl.whole.change.points == 33 and cl.whole.change.words == "up 33 points"
    assert _area(cohort, "PD").whole.shares == [None, 100, 100]
    assert _area(cohort, "PD").whole.change.words == "no change"
    assert cohort.children_at_points == [0, 6, 6]


def test_a_group_of_fewer_than_five_has_counts_but_no_share(world):
    _entry, term1, _term2 = points(world)
    assess(world, children(world, 4, sen_status=SenStatus.EHCP), term1, on_track=1)
    assess(world, children(world, 6, sen_status=SenStatus.MONITORING), term1, on_track=6)
    cl = _area(cohort_figures(world.setting_a, DIMENSIONS["send"]))
    send = _row(cl, "SEND (SEN support or EHC plan)")
    assert (send.cells[1].assessed, send.cells[1].on_track, send.cells[1].share) == (4, 1, None)
    assert send.cells[1].small
    assert _row(cl, "Not SEND").cells[1].share == 100  # monitoring counts as not SEND
    assert cl.whole.cells[1].share == 70
    assert cl.gaps[0].label == "SEND (SEN support or EHC plan) against Not SEND"
    assert cl.gaps[0].gaps == [None, None, None]  # no gap without both shares


def test_the_gap_of_a_two_valued_grouping_and_how_it_changed(world):
    _entry, term1, term2 = points(world)
    boys, girls = children(world, 5, sex="male"), children(world, 5, sex="female")
    assess(world, boys, term1, on_track=2)   # 40 %
    assess(world, girls, term1, on_track=4)  # 80 %
    assess(world, boys, term2, on_track=4)   # 80 %
    assess(world, girls, term2, on_track=5)  # 100 %
    cl = _area(cohort_figures(world.setting_a, DIMENSIONS["sex"]))
    assert [r.label for r in cl.rows] == ["Boys", "Girls", "Sex not recorded", "All children"]
    assert _row(cl, "Boys").shares == [None, 40, 80]
    (gap,) = cl.gaps
    assert gap.label == "Boys against Girls"
    assert gap.gaps == [None, -40, -20] and gap.signed == ["–", "−40", "−20"]
    assert gap.change.points == 20 and gap.change.arrow == "↑"
    assert _row(cl, "Sex not recorded").cells[1].assessed == 0


def test_many_valued_groupings_compare_each_group_with_all_children(world):
    _entry, term1, _term2 = points(world)
    ladybirds = Room.objects.create(setting=world.setting_a, name="Ladybirds")
    assess(world, children(world, 5), term1, on_track=5)
    assess(world, children(world, 5, room=ladybirds), term1, on_track=0)
    cl = _area(cohort_figures(world.setting_a, DIMENSIONS["room"]))
    assert [r.label for r in cl.rows] == ["Caterpillars", "Ladybirds", "All children"]
    assert [g.label for g in cl.gaps] == ["Caterpillars against all children",
                                          "Ladybirds against all children"]
    assert [g.gaps[1] for g in cl.gaps] == [50, -50]
    # One room only: the whole cohort is that room's children.
    only = cohort_figures(world.setting_a, DIMENSIONS[""], ladybirds)
    assert _area(only).whole.cells[1].assessed == 5 and _area(only).whole.shares[1] == 0


def test_a_child_counts_in_the_room_they_were_assessed_in(world):
    _entry, term1, term2 = points(world)
    ladybirds = Room.objects.create(setting=world.setting_a, name="Ladybirds")
    kids = children(world, 5)
    assess(world, kids, term1, on_track=5)
    # The children move up after term 1; term 2 is recorded in their new room.
    Child.objects.filter(pk__in=[k.pk for k in kids]).update(room=ladybirds)
    assess(world, [Child.objects.get(pk=k.pk) for k in kids], term2, on_track=0)
    cl = _area(cohort_figures(world.setting_a, DIMENSIONS["room"]))
    by_room = {r.label: [c.assessed for c in r.cells] for r in cl.rows}
    assert by_room["Caterpillars"][1:] == [5, 0]
    assert by_room["Ladybirds"][1:] == [0, 5]
    # One room: the children assessed in it at each point.
    only = _area(cohort_figures(world.setting_a, DIMENSIONS[""], world.room))
    assert [c.assessed for c in only.whole.cells][1:] == [5, 0]
    # A correction of a shared assessment keeps the room it was shared in.
    first = kids[0].assessments.get(point=term1)
    services.save_assessment(world.users["manager"], first, [], assessed_on=first.assessed_on)
    first.refresh_from_db()
    assert first.room == world.room


def test_the_age_group_is_the_age_on_the_day_of_the_assessment(world):
    _entry, term1, _term2 = points(world)
    day = timezone.localdate() - timedelta(days=10)
    two_tomorrow = day.replace(year=day.year - 2) + timedelta(days=1)
    two_today = day.replace(year=day.year - 2)
    for born, count in ((two_tomorrow, 1), (two_today, 2)):
        for kid in children(world, count, date_of_birth=born):
            recorded(world, kid, term1, by="manager", assessed_on=day)
    cl = _area(cohort_figures(world.setting_a, DIMENSIONS["age"]))
    assert [(r.label, r.cells[1].assessed) for r in cl.rows] == [
        ("Under two", 1), ("Two-year-olds", 2), ("Three and four-year-olds", 0),
        ("All children", 3)]


@pytest.mark.parametrize("code", ["eal", "looked_after", "funded_two", "eypp"])
def test_each_flag_is_a_grouping(world, code):
    _entry, term1, _term2 = points(world)
    field = {"eal": "english_additional_language", "looked_after": "is_looked_after",
             "funded_two": "funded_two_year_old", "eypp": "early_years_pupil_premium"}[code]
    assess(world, children(world, 5, **{field: True}), term1, on_track=1)
    assess(world, children(world, 5), term1, on_track=4)
    cl = _area(cohort_figures(world.setting_a, DIMENSIONS[code]))
    flagged, others, _all = cl.rows
    assert (flagged.shares[1], others.shares[1]) == (20, 80)
    assert cl.gaps[0].gaps[1] == -60


def test_birth_to_5_matters_counts_the_judgements_on_track_too(world):
    use_birth_to_5_matters(world)
    _entry, term1, _term2 = points(world)
    kids = children(world, 5)
    assess(world, kids[:4], term1, on_track=4)
    recorded(world, kids[4], term1, NOT_YET, by="manager")
    cohort = cohort_figures(world.setting_a, DIMENSIONS[""])
    assert cohort.framework.uses_ranges
    assert _area(cohort).whole.shares[1] == 80
    assert _area(cohort, "PD").whole.shares[1] == 80


def test_retired_points_and_other_settings_are_left_out(world):
    _entry, term1, term2 = points(world)
    assess(world, children(world, 5), term1, on_track=5)
    services.retire_point(world.users["manager"], term1)
    other_entry, *_ = points(world, world.setting_b)
    cohort = cohort_figures(world.setting_a, DIMENSIONS[""])
    assert term1 not in cohort.points and not cohort.any_figures
    assert cohort_figures(world.setting_b, DIMENSIONS[""]).points[0] == other_entry


def test_shares_round_half_up():
    assert [percent(1, 8), percent(1, 3), percent(2, 3), percent(5, 5)] == [13, 33, 67, 100]


@pytest.mark.parametrize("code", list(DIMENSIONS))
def test_it_reads_a_fixed_number_of_queries(world, code):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            cohort_figures(world.setting_a, DIMENSIONS[code])
        return len(queries)

    _entry, term1, term2 = points(world)
    assess(world, children(world, 2), term1, on_track=1)
    few = count()
    more = children(world, 4, sex="male", sen_status=SenStatus.SUPPORT,
                    room=Room.objects.create(setting=world.setting_a, name="Ladybirds"))
    assess(world, more, term1, on_track=2)
    assess(world, more, term2, on_track=3)
    services.add_point(world.users["manager"], world.setting_a, kind="dated", name="Term 3",
                       starts_on=timezone.localdate(), ends_on=timezone.localdate())
    # The framework (two queries while the setting keeps the defaults), the points, the
    # areas, the rooms and the one aggregate.
    assert count() == few == 6
