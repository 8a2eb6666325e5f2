"""Each kind of record kept about a child: found when due, not before, not under a hold;
erased (files too, after commit) or anonymised."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from attendance.models import AttendanceRecord
from consents.models import Accident, ConsentAnswer, MedicationDose, MedicationPermission
from families.models import AllAboutMe, Allergy, Child, ChildAdult
from learning_journal.models import DiaryEntry, Media, Observation, ObservationChild
from messaging.models import Conversation, Message
from retention import erasers
from retention.erasers import Holds, erase, find
from tests.retention.conftest import TODAY, leave, period

NO_HOLDS = Holds()


def _find(record_type, world, holds=NO_HOLDS):
    return find(record_type, world.setting_a, period(record_type), TODAY, holds)


def _erase(record_type, world, batch, holds=NO_HOLDS, django_capture_on_commit_callbacks=None):
    return erase(record_type, world.setting_a, batch.keys, holds)


def test_it_finds_the_register_of_a_child_who_left_three_years_ago(world, records):
    leave(world.child, years_ago=3)
    batch = _find("attendance", world)
    assert batch.keys == [str(world.child.uuid)]
    assert batch.count == 1
    assert "Ava" in batch.lines[0]
    assert erase("attendance", world.setting_a, batch.keys, NO_HOLDS) == 1
    assert not AttendanceRecord.objects.filter(child=world.child).exists()


def test_it_leaves_the_register_of_a_child_who_left_two_years_ago(world, records):
    leave(world.child, years_ago=2)
    assert _find("attendance", world).keys == []
    leave(world.child, years_ago=3)
    world.child.leaving_date += timedelta(days=2)
    world.child.save()
    assert _find("attendance", world).keys == []


def test_a_hold_on_the_child_keeps_everything_about_them(world, records):
    leave(world.child, years_ago=4, born_years_ago=30)
    holds = Holds(child_ids={world.child.pk})
    for record_type in ("attendance", "medication", "accidents", "journal", "messages",
                        "child_record"):
        assert _find(record_type, world, holds).keys == [], record_type
    # a hold placed after the list was made still wins
    keys = _find("attendance", world).keys
    assert erase("attendance", world.setting_a, keys, holds) == 0
    assert AttendanceRecord.objects.filter(child=world.child).exists()


def test_a_hold_on_an_adult_keeps_the_records_naming_them(world, records):
    leave(world.child, years_ago=30, born_years_ago=30)
    holds = Holds(user_ids={world.users["practitioner"].pk})  # witnessed the dose
    assert _find("medication", world, holds).keys == []
    assert _find("accidents", world, holds).keys == [str(world.child.uuid)]


def test_a_hold_on_a_record_keeps_it(world, records):
    leave(world.child, years_ago=30, born_years_ago=30)
    holds = Holds(records={("consents.accident", str(records.accident.uuid))})
    assert _find("accidents", world, holds).keys == []
    keys = _find("accidents", world).keys
    assert erase("accidents", world.setting_a, keys, holds) == 0
    assert Accident.objects.filter(pk=records.accident.pk).exists()


def test_medication_is_kept_until_the_21st_birthday_and_three_months(world, records):
    leave(world.child, years_ago=18, born_years_ago=21)
    assert _find("medication", world).keys == []
    world.child.date_of_birth -= timedelta(days=92)
    world.child.save()
    batch = _find("medication", world)
    assert batch.keys == [str(world.child.uuid)]
    assert batch.count == 2  # the permission and the dose
    assert erase("medication", world.setting_a, batch.keys, NO_HOLDS) == 2
    assert not MedicationPermission.objects.filter(child=world.child).exists()
    assert not MedicationDose.objects.filter(child=world.child).exists()


def test_a_serious_injury_keeps_the_accidents_until_the_25th_birthday(world, records):
    from tests.consents.factories import accident

    accident(world, serious=True)
    leave(world.child, years_ago=20, born_years_ago=22)
    assert _find("accidents", world).keys == []
    assert _find("serious", world).keys == []
    leave(world.child, years_ago=20, born_years_ago=25)
    batch = _find("serious", world)
    assert batch.keys == [str(world.child.uuid)]
    erase("serious", world.setting_a, batch.keys, NO_HOLDS)
    assert not Accident.objects.filter(child=world.child).exists()
    assert not MedicationDose.objects.filter(child=world.child).exists()


def test_long_term_medication_is_a_serious_record(world, records):
    from tests.consents.factories import calpol
    calpol(world, end_date=timezone.localdate() + timedelta(days=90), medicine="Salbutamol")
    leave(world.child, years_ago=20, born_years_ago=23)
    # the child's medication and accident records are kept whole, as serious records
    assert _find("medication", world).keys == []
    assert _find("accidents", world).keys == []
    assert _find("serious", world).keys == []


def test_the_journal_goes_90_days_after_leaving_and_a_group_observation_stays_for_the_other(
        world, records, django_capture_on_commit_callbacks):
    names = list(Media.objects.filter(observation=records.observation)
                 .values_list("file", flat=True))
    assert names and all(default_storage.exists(name) for name in names)
    world.child.leaving_date = TODAY - timedelta(days=89)
    world.child.save()
    assert _find("journal", world).keys == []
    world.child.leaving_date = TODAY - timedelta(days=90)
    world.child.save()
    batch = _find("journal", world)
    assert batch.keys == [str(world.child.uuid)]
    with django_capture_on_commit_callbacks(execute=True):
        erase("journal", world.setting_a, batch.keys, NO_HOLDS)
    assert not ObservationChild.objects.filter(child=world.child).exists()
    # Otto is still in it: the observation and its photo stay
    assert Observation.objects.filter(pk=records.observation.pk).exists()
    assert all(default_storage.exists(name) for name in names)

    # Otto leaves too: the observation, its photo and the file go
    world.other_child.leaving_date = TODAY - timedelta(days=100)
    world.other_child.save()
    batch = _find("journal", world)
    assert batch.keys == [str(world.other_child.uuid)]
    with django_capture_on_commit_callbacks(execute=True):
        erase("journal", world.setting_a, batch.keys, NO_HOLDS)
    assert not Observation.objects.filter(pk=records.observation.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_files_stay_when_the_run_is_rolled_back(world, records, django_capture_on_commit_callbacks):
    world.other_child.leaving_date = world.child.leaving_date = TODAY - timedelta(days=100)
    world.child.save()
    world.other_child.save()
    names = list(Media.objects.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        erase("journal", world.setting_a, _find("journal", world).keys, NO_HOLDS)
    assert callbacks  # queued for after the commit, not done yet
    assert all(default_storage.exists(name) for name in names)


def test_messages_go_three_years_after_leaving_except_flagged_ones(world, records):
    from messaging.models import Conversation as C
    from tests.messaging.factories import message

    flagged = message(world, audience=C.Audience.MANAGER, text="Worried about home.")
    Message.objects.filter(pk=flagged.pk).update(flagged_at=timezone.now(),
                                                 flagged_by=world.users["manager"])
    leave(world.child, years_ago=3)
    batch = _find("messages", world)
    assert batch.keys == [str(world.child.uuid)]
    erase("messages", world.setting_a, batch.keys, NO_HOLDS)
    assert list(Conversation.objects.filter(child=world.child)) == [flagged.conversation]
    assert Message.objects.filter(pk=flagged.pk).exists()
    assert not Message.objects.filter(pk=records.message.pk).exists()
    # the flagged conversation is a safeguarding record: to the 25th birthday
    leave(world.child, years_ago=3, born_years_ago=25)
    batch = _find("safeguarding", world)
    erase("safeguarding", world.setting_a, batch.keys, NO_HOLDS)
    assert not Conversation.objects.filter(child=world.child).exists()
    # and the link recording a court order went with it
    assert not ChildAdult.objects.filter(child=world.child).exclude(restriction="").exists()


def test_the_childs_record_is_anonymised_and_the_row_stays(world, records):
    AllAboutMe.objects.create(child=world.child, likes="Dinosaurs")
    born = world.child.date_of_birth
    leave(world.child, years_ago=3, born_years_ago=6)
    born = Child.objects.get(pk=world.child.pk).date_of_birth
    batch = _find("child_record", world)
    assert batch.keys == [str(world.child.uuid)]
    erase("child_record", world.setting_a, batch.keys, NO_HOLDS)
    child = Child.objects.get(pk=world.child.pk)
    assert (child.first_name, child.last_name) == ("Child", f"born {born:%Y-%m}")
    assert child.date_of_birth == born.replace(day=1)
    assert child.room == world.room and child.leaving_date == world.child.leaving_date
    assert not AllAboutMe.objects.filter(child=child).exists()
    assert not DiaryEntry.objects.filter(child=child).exists()
    assert not ConsentAnswer.objects.filter(child=child).exists()
    assert not Allergy.objects.filter(child=child).exists()
    # the parents' links go; the link recording a court order is a safeguarding record
    assert list(ChildAdult.objects.filter(child=child).values_list("name", flat=True)) == [
        "Rex Restricted"]
    # records kept longer still refer to the row
    assert MedicationDose.objects.filter(child=child).exists()
    assert _find("child_record", world).keys == []  # done once


def test_a_severe_allergy_outlives_the_childs_record(world, records):
    Allergy.objects.create(child=world.child, allergen="Peanuts",
                           severity=Allergy.Severity.ANAPHYLAXIS, action="Adrenaline pen.")
    leave(world.child, years_ago=3, born_years_ago=6)
    erase("child_record", world.setting_a, _find("child_record", world).keys, NO_HOLDS)
    assert list(Allergy.objects.filter(child=world.child).values_list("allergen", flat=True)) == [
        "Peanuts"]


def test_the_progress_check_goes_three_years_after_leaving(world, media_root):
    from learning_journal.models import ProgressCheck

    check = ProgressCheck.objects.create(setting=world.setting_a, child=world.child,
                                         written_by=world.users["key_person"])
    leave(world.child, years_ago=2)
    assert _find("progress_check", world).keys == []
    leave(world.child, years_ago=3)
    batch = _find("progress_check", world)
    assert batch.count == 1
    erase("progress_check", world.setting_a, batch.keys, NO_HOLDS)
    assert not ProgressCheck.objects.filter(pk=check.pk).exists()


def test_every_record_type_of_the_schedule_is_erasable():
    from retention.schedule import SCHEDULE

    assert {record_type.key for record_type in SCHEDULE} == erasers.ERASABLE


@pytest.mark.parametrize("record_type", sorted(erasers.ERASABLE))
def test_another_settings_keys_erase_nothing(world, records, record_type):
    leave(world.child, years_ago=30, born_years_ago=30)
    batch = _find(record_type, world)
    assert erase(record_type, world.setting_b, batch.keys, NO_HOLDS) == 0


@pytest.mark.parametrize("order", ["schedule", "reversed"])
def test_everything_about_a_child_can_go_in_either_order(world, records, order,
                                                         django_capture_on_commit_callbacks):
    """Every type erased for a child who left long ago, one after the other: no kept row of
    one type stops another (the database's foreign keys, the triggers)."""
    from collection.models import CollectionPassword
    from keyperson.models import SettlingInPlan
    from learning_journal.models import Keepsake, ProgressCheck
    from retention.schedule import SCHEDULE
    from tests.messaging.factories import message

    ProgressCheck.objects.create(setting=world.setting_a, child=world.child,
                                 written_by=world.users["key_person"])
    Keepsake.objects.create(setting=world.setting_a, child=world.child,
                            requested_by=world.users["parent"])
    SettlingInPlan.objects.create(setting=world.setting_a, child=world.child,
                                  updated_by=world.users["key_person"])
    CollectionPassword.objects.create(setting=world.setting_a, child=world.child,
                                      set_by=world.users["parent"], password_hash="x",
                                      for_date=timezone.localdate(), collector_name="Gran")
    flagged = message(world, audience=Conversation.Audience.MANAGER, text="Worried.")
    Message.objects.filter(pk=flagged.pk).update(flagged_at=timezone.now(),
                                                 flagged_by=world.users["manager"])
    for child in (world.child, world.other_child):
        leave(child, years_ago=30, born_years_ago=31)
    types = [record_type.key for record_type in SCHEDULE]
    if order == "reversed":
        types.reverse()
    with django_capture_on_commit_callbacks(execute=True):
        for record_type in types:
            batch = _find(record_type, world)
            erase(record_type, world.setting_a, batch.keys, NO_HOLDS)
    for record_type in ("attendance", "medication", "accidents", "serious", "journal",
                        "progress_check", "messages", "safeguarding"):
        assert _find(record_type, world).keys == [], record_type
    assert not Conversation.objects.filter(child=world.child).exists()
    assert not ChildAdult.objects.filter(child=world.child).exists()
    assert Child.objects.get(pk=world.child.pk).first_name == "Child"


def test_a_child_who_came_back_since_the_list_keeps_everything(world, records):
    leave(world.child, years_ago=3)
    keys = _find("attendance", world).keys
    world.child.leaving_date = None
    world.child.save()
    assert erase("attendance", world.setting_a, keys, NO_HOLDS) == 0
    assert AttendanceRecord.objects.filter(child=world.child).exists()


def test_news_no_longer_names_the_child_after_the_messages_period(world, records):
    from news.models import Post

    post = Post.objects.create(setting=world.setting_a, title="Sports day",
                               body="Well done everyone.", author=world.users["manager"])
    post.children.set([world.child, world.other_child])
    leave(world.child, years_ago=3)
    erase("messages", world.setting_a, _find("messages", world).keys, NO_HOLDS)
    assert list(post.children.all()) == [world.other_child]


def test_a_hold_on_an_observation_keeps_the_journal_of_its_children(world, records):
    leave(world.child, years_ago=1)
    holds = Holds(records={("learning_journal.observation", str(records.observation.uuid))})
    assert _find("journal", world, holds).keys == []
    keys = _find("journal", world).keys
    assert erase("journal", world.setting_a, keys, holds) == 0
    assert ObservationChild.objects.filter(child=world.child).exists()


def test_a_serious_injury_recorded_after_the_list_keeps_the_accidents(world, records):
    from tests.consents.factories import accident

    leave(world.child, years_ago=20, born_years_ago=22)
    keys = _find("accidents", world).keys
    assert keys == [str(world.child.uuid)]
    accident(world, serious=True)
    assert erase("accidents", world.setting_a, keys, NO_HOLDS) == 0
    assert Accident.objects.filter(child=world.child).count() == 2
