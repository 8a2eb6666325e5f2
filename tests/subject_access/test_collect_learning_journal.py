"""The learning journal in a subject access bundle: the photo consent rule decides the photos,
and another child of a group observation is never named."""

from django.utils import timezone

from consents.models import ConsentKind
from learning_journal import services
from learning_journal.models import Comment, DiaryEntry
from subject_access.collect import learning_journal
from tests.learning_journal.factories import (
    consent,
    group_observation,
    photo_consents,
    signed_off_check,
)
from tests.subject_access.conftest import as_text, records_of


def _fill(world, n=1):
    consent(world, world.child, ConsentKind.PHOTOS_JOURNAL)  # Ava: photos in her journal
    photo_consents(world, world.other_child, journal=True, others=False)  # Otto: not to others
    for i in range(n):
        group = group_observation(
            world, text=f"Ava and Otto built a tower {i}; Otherchild laughed.",
            next_steps={world.child.pk: "Count the bricks", world.other_child.pk: "OTTO-STEP"})
        Comment.objects.create(setting=world.setting_a, observation=group,
                               child=world.other_child, author=world.users["other_parent"],
                               body="OTTO-THREAD")
        services.add_comment(world.users["parent"], group, world.child, "Lovely tower!")
        group_observation(world, children=[world.child], text=f"Ava painted {i}.")
        DiaryEntry.objects.create(setting=world.setting_a, child=world.child, day="2026-11-02",
                                  author=world.users["parent"], sleep="Slept well",
                                  mood="happy")
    group_observation(world, children=[world.child], text="DRAFT-TEXT", publish=False)
    group_observation(world, children=[world.other_child], text="Otto alone")


def test_it_gives_the_journal_with_the_photos_the_rule_allows(world, collect):
    _fill(world)
    part = collect(learning_journal.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=16)
    observations = records_of(part, "observation")
    assert len(observations) == 2
    group = next(o for o in observations if o["other_children"])
    assert group["text"] == "Ava and another child built a tower 0; another child laughed."
    assert group["next_step"] == "Count the bricks"
    assert group["areas"] == ["Physical Development"] and group["files"] == []
    assert [c["body"] for c in group["comments"]] == ["Lovely tower!"]
    alone = next(o for o in observations if not o["other_children"])
    assert len(alone["files"]) == 1 and len(part.files) == 1
    assert part.files[0].file.name.endswith(".jpg")
    assert records_of(part, "diary_entry")[0]["mood_display"] == "Happy"
    assert len(part.withheld) == 3  # the group's other child, the group photo, the draft


def test_it_never_names_another_child_nor_shows_a_draft(world, collect):
    _fill(world)
    text = as_text(collect(learning_journal.for_child, world.child, world.users["parent"],
                           setting=world.setting_a, queries=16))
    for word in ("Otto", "Otherchild", "OTTO-STEP", "OTTO-THREAD", "DRAFT-TEXT", "Bella"):
        assert word not in text


def test_without_an_account_only_photos_of_the_child_alone(world, collect):
    consent(world, world.child, ConsentKind.PHOTOS_JOURNAL)
    photo_consents(world, world.other_child)  # Otto may be seen by other families
    group_observation(world)
    alone = group_observation(world, children=[world.child])
    family = collect(learning_journal.for_child, world.child, world.users["parent"],
                     setting=world.setting_a, queries=16)
    nobody = collect(learning_journal.for_child, world.child, None,
                     setting=world.setting_a, queries=16)
    assert len(family.files) == 2  # Ava's family: the group photo too, Otto's consents allow it
    assert [f.file.name for f in nobody.files] == [alone.media.get().file.name]
    assert "1 photo or video withheld" in " ".join(nobody.withheld)


def test_the_progress_check_shared_with_the_family_is_in_it(world, collect):
    check = signed_off_check(world)
    part = collect(learning_journal.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=16)
    (record,) = records_of(part, "progress_check")
    assert record["version"] == check.version and record["parents_views"] == "Loves the park."
    assert {a["area"] for a in record["areas"]} >= {"Physical Development"}
    assert record["written_by"] == "Kim Keyperson"


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world, n=4)
    part = collect(learning_journal.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=16)
    assert len(records_of(part, "observation")) == 8 and len(part.files) == 4


def test_it_gives_an_adult_their_comments_diary_and_wow_moments(world, collect):
    _fill(world)
    services.add_wow_moment(world.users["parent"], world.child, observed_on=timezone.localdate(),
                            text="Ava rode a bike!")
    part = collect(learning_journal.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=6)
    assert records_of(part, "wow_moment")[0]["text"] == "Ava rode a bike!"
    assert records_of(part, "comment")[0]["body"] == "Lovely tower!"
    assert records_of(part, "diary_entry")[0]["child"] == "Ava Parentchild"
    assert "OTTO" not in as_text(part)
