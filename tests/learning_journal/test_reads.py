"""The journal page's reads (learning_journal/reads.py): each is checked against the journal's
rules, and through the page where the page shows it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from learning_journal import reads, services
from learning_journal.models import Area, ProgressCheck
from tests.learning_journal.factories import (
    group_observation,
    make_two,
    photo_consents,
)

ALL = reads.JournalFilter()


def _observation(world, text, *, days_ago=0, publish=True, children=None, areas=("PD",),
                 steps=None):
    return services.create_observation(
        world.users["key_person"], world.setting_a,
        observed_on=timezone.localdate() - timedelta(days=days_ago), text=text,
        children=children or [world.child], areas=list(Area.objects.filter(code__in=areas)),
        publish=publish, next_steps=steps or {})


def _texts(observations):
    return [o.text for o in observations]


def test_families_see_published_observations_and_staff_also_drafts(world):
    _observation(world, "Published", days_ago=1)
    _observation(world, "Draft", publish=False)
    total, page = reads.journal_page(world.child, staff=False, filters=ALL, number=1,
                                     per_page=10)
    assert (total, _texts(page)) == (1, ["Published"])
    total, page = reads.journal_page(world.child, staff=True, filters=ALL, number=1,
                                     per_page=10)
    assert (total, _texts(page)) == (2, ["Draft", "Published"])  # newest first


def test_a_journal_holds_only_its_own_childs_observations(world):
    _observation(world, "Ava's")
    _observation(world, "Otto's", children=[world.other_child])
    total, page = reads.journal_page(world.child, staff=True, filters=ALL, number=1,
                                     per_page=10)
    assert (total, _texts(page)) == (1, ["Ava's"])
    total, page = reads.journal_page(world.child_b, staff=True, filters=ALL, number=1,
                                     per_page=10)
    assert (total, page) == (0, [])  # an empty journal still answers its count


def test_each_observation_comes_with_this_childs_comments_next_step_and_areas(world):
    observation = _observation(world, "Together", children=[world.child, world.other_child],
                               areas=("PD", "CL"),
                               steps={world.child.pk: "Ava: hop", world.other_child.pk: "Otto"})
    services.add_comment(world.users["parent"], observation, world.child, "Lovely")
    services.add_comment(world.users["parent"], observation, world.child, "Again")
    services.add_comment(world.users["other_parent"], observation, world.other_child, "Yes")
    _, (ava,) = reads.journal_page(world.child, staff=False, filters=ALL, number=1,
                                   per_page=10)
    _, (otto,) = reads.journal_page(world.other_child, staff=False, filters=ALL, number=1,
                                    per_page=10)
    assert (ava.comment_count, ava.next_step) == (2, "Ava: hop")
    assert (otto.comment_count, otto.next_step) == (1, "Otto")
    assert ava.area_list == list(Area.objects.filter(code__in=["PD", "CL"]))
    assert ava.author_name == world.users["key_person"].full_name
    assert ava.uuid == observation.uuid and ava.is_published


def test_filters_and_pages(world):
    for i in range(5):
        _observation(world, f"Staff {i}", days_ago=i, areas=("PD",) if i % 2 else ("CL",))
    services.add_wow_moment(world.users["parent"], world.child,
                            observed_on=timezone.localdate() - timedelta(days=10), text="Wow")
    pd = Area.objects.get(code="PD")

    def read(number=1, **filters):
        return reads.journal_page(world.child, staff=False, filters=reads.JournalFilter(**filters),
                                  number=number, per_page=2)

    assert read(area_id=pd.pk)[0] == 2
    assert _texts(read(source="family")[1]) == ["Wow"]
    since = timezone.localdate() - timedelta(days=3)
    assert _texts(read(since=since, until=timezone.localdate() - timedelta(days=1))[1]) == [
        "Staff 1", "Staff 2"]
    assert read()[0] == 6
    assert _texts(read(number=3)[1]) == ["Staff 4", "Wow"]
    assert read(number=4) == (6, [])  # past the end: the count, no rows
    assert read(number=2, area_id=pd.pk, since=since - timedelta(days=7)) == (2, [])


def test_the_page_past_the_last_or_not_a_number_shows_a_real_page(world):
    for i in range(12):
        _observation(world, f"Observation {i}", days_ago=i)
    client = world.client_for("parent")
    url = reverse("journal-child", args=[world.child.uuid])
    last = client.get(url, {"page": "99"})
    assert last.context["page"].number == 2
    assert _texts(last.context["observations"]) == ["Observation 10", "Observation 11"]
    for junk in ("x", "-3", "0", "9" * 30):
        page = client.get(url, {"page": junk})
        assert page.status_code == 200
        assert page.context["page"].number in (1, 2)


def test_next_steps_are_the_latest_published_ones_with_text(world):
    _observation(world, "Old", days_ago=5, steps={world.child.pk: "Old step"})
    _observation(world, "New", days_ago=1, steps={world.child.pk: "New step"})
    _observation(world, "None", days_ago=0)
    _observation(world, "Draft", publish=False, steps={world.child.pk: "Not yet"})
    _observation(world, "Otto's", children=[world.other_child],
                 steps={world.other_child.pk: "Otto's step"})
    steps = reads.next_steps(world.child, limit=10)
    assert [text for text, _, _ in steps] == ["New step", "Old step"]
    assert len(reads.next_steps(world.child, limit=1)) == 1


def test_the_chart_counts_published_observations_by_area_and_month(world):
    today = timezone.localdate()
    _observation(world, "One", areas=("PD", "CL"))
    _observation(world, "Two", areas=("PD",))
    _observation(world, "Draft", areas=("PD",), publish=False)
    _observation(world, "Long ago", days_ago=400, areas=("PD",))
    month = today.replace(day=1)
    counts = reads.observations_per_area_and_month(world.child, since=month)
    pd, cl = Area.objects.get(code="PD"), Area.objects.get(code="CL")
    assert counts == {(pd.pk, month): 2, (cl.pk, month): 1}


def test_the_latest_check_and_the_one_a_family_may_see(world):
    make_two(world.child)
    assert reads.latest_check(world.child) is None
    check = services.start_check(world.users["key_person"], world.child)
    latest = reads.latest_check(world.child)
    assert (latest.uuid, latest.version, latest.status) == (check.uuid, 1, "draft")
    shared = [ProgressCheck.Status.WITH_FAMILY, ProgressCheck.Status.COMPLETED]
    assert reads.latest_check(world.child, statuses=shared) is None


def test_media_come_with_who_is_shown_and_who_is_looked_after(world):
    photo_consents(world, world.child)
    world.other_child.is_looked_after = True
    world.other_child.save(update_fields=["is_looked_after"])
    observation = group_observation(world, photos=3)
    first, second, removed = observation.media.order_by("created_at", "id")
    second.children_shown.set([world.child])
    services.remove_media(world.users["key_person"], removed)
    media = reads.media_of([observation.pk])
    assert [m.pk for m in media] == [first.pk, second.pk]  # the removed one is left out
    assert set(media[0].shown_ids) == {world.child.pk, world.other_child.pk}
    assert media[0].looked_after_ids == [world.other_child.pk]
    assert (media[1].shown_ids, media[1].looked_after_ids) == ([world.child.pk], [])
