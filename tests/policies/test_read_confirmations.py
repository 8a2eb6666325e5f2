"""Read and understood: the people a policy concerns confirm each new version; the manager
sees who has and chases the rest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policies.models import ReadConfirmation
from policies.services import confirm_read, publish, save_draft
from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import ServiceError
from tests.policies.factories import published_policy


def _home(world, persona):
    return world.client_for(persona).get(reverse("home")).content.decode()


def test_families_and_staff_are_asked_on_their_home_page_and_confirm(world):
    policy = published_policy(world.setting_a, title="Sun safety")
    assert "Please read and confirm" in _home(world, "parent")
    assert "Sun safety" in _home(world, "practitioner")
    response = world.client_for("parent").post(reverse("policies-confirm", args=[policy.uuid]))
    assert response.status_code == 302
    assert ReadConfirmation.objects.filter(user=world.users["parent"],
                                           version=policy.current_version).exists()
    assert "Sun safety" not in _home(world, "parent")
    page = world.client_for("parent").get(policy.get_absolute_url()).content.decode()
    assert "You have confirmed you have read version 1" in page


def test_confirming_twice_is_refused_with_a_message(world):
    policy = published_policy(world.setting_a)
    confirm_read(world.users["parent"], policy)
    with pytest.raises(ServiceError, match="already confirmed"):
        confirm_read(world.users["parent"], policy)
    response = world.client_for("parent").post(reverse("policies-confirm", args=[policy.uuid]),
                                               follow=True)
    assert "already confirmed" in response.content.decode()
    assert ReadConfirmation.objects.count() == 1


def test_a_new_version_asks_again(world):
    policy = published_policy(world.setting_a, title="Sun safety")
    confirm_read(world.users["parent"], policy)
    save_draft(world.users["manager"], policy, body="## Hats and cream")
    publish(world.users["manager"], policy, adopted_on=timezone.localdate(),
            next_review_on=timezone.localdate() + timedelta(days=365), chair_name="C",
            manager_name="M", change_summary="Sun cream added.")
    home = _home(world, "parent")
    assert "Sun safety" in home and "(updated)" in home


def test_staff_are_not_asked_about_policies_for_families_only(world):
    published_policy(world.setting_a, title="Parents' guide", audience="families")
    assert "Parents&#x27; guide" not in _home(world, "practitioner")
    assert "Parents&#x27; guide" in _home(world, "parent")


def test_the_manager_sees_who_has_read_it_and_chases_the_rest_once_a_day(world, sent):
    policy = published_policy(world.setting_a, title="Sun safety")
    confirm_read(world.users["parent"], policy)
    page = world.client_for("manager").get(
        reverse("policies-readers", args=[policy.uuid])).content.decode()
    assert "<strong>1</strong> of 5" in page
    waiting = {"Kim Keyperson", "Perry Practitioner", "Casey Carer", "Olly Otherparent"}
    assert all(name in page for name in waiting)
    client = world.client_for("manager")
    with sent():
        response = client.post(reverse("policies-chase", args=[policy.uuid]), follow=True)
    assert "on its way to 4 people" in response.content.decode()
    assert {m.to[0] for m in mail.outbox} == {
        "key.person@example.org", "practitioner@example.org", "carer.no.info@example.org",
        "other.parent@example.org"}
    assert "Please read our Sun safety policy" in mail.outbox[0].subject
    with sent():
        client.post(reverse("policies-chase", args=[policy.uuid]))
    assert len(mail.outbox) == 4  # the same day: the reminders' keys already exist


def test_a_chase_is_dropped_for_someone_who_confirmed_before_it_went(world):
    policy = published_policy(world.setting_a)
    from policies.services import chase_readers

    chase_readers(world.users["manager"], policy)
    confirm_read(world.users["other_parent"], policy)
    reminder = Reminder.objects.get(kind="policies-read-chase",
                                    recipient=world.users["other_parent"])
    Reminder.objects.filter(pk=reminder.pk).update(status="pending")
    assert reminders.deliver(reminder.pk) == "cancelled"
