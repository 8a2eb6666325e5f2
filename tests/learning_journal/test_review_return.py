"""A manager reviewing an observation returns it with a note: Kim reads the note, the
observation is a draft again, she changes it and sends it again; every note stays on record.
And on the new-observation form Kim writes the next step before saving anything."""

from django.core import mail
from django.urls import reverse

from learning_journal import services
from learning_journal.models import Observation, ObservationChild, ObservationReturn
from preschool.models import AuditEvent
from tests.learning_journal.test_observations import _post


def _waiting(world, sent):
    services.set_journal_settings(world.users["manager"], world.setting_a, require_review=True)
    with sent():
        _post(world.client_for("key_person"), world)
    observation = Observation.objects.get()
    assert observation.status == Observation.Status.REVIEW
    return observation


def test_it_returns_the_observation_to_its_author_with_a_note(world, sent):
    observation = _waiting(world, sent)
    url = reverse("journal-observation-return", args=[observation.uuid])
    manager = world.client_for("manager")
    page = manager.get(reverse("journal-observation", args=[observation.uuid])).content.decode()
    assert "Return with a note" in page and url in page
    with sent():
        response = manager.post(url, {"note": "Say which blocks: the wooden ones?"})
    assert response["Location"] == reverse("journal-observation", args=[observation.uuid])
    observation.refresh_from_db()
    assert observation.status == Observation.Status.DRAFT and observation.published_at is None
    assert not mail.outbox  # families hear nothing of a returned observation
    returned = ObservationReturn.objects.get()
    assert (returned.note, returned.returned_by) == ("Say which blocks: the wooden ones?",
                                                     world.users["manager"])
    assert AuditEvent.objects.filter(action="observation.returned").exists()
    # Kim sees the note on the observation and on the form, and sends it again.
    kim = world.client_for("key_person")
    for name in ("journal-observation", "journal-observation-edit"):
        page = kim.get(reverse(name, args=[observation.uuid])).content.decode()
        assert "Returned by Mona Manager" in page and "the wooden ones?" in page
    kim.post(reverse("journal-observation-publish", args=[observation.uuid]))
    observation.refresh_from_db()
    assert observation.status == Observation.Status.REVIEW
    page = manager.get(reverse("journal-observation", args=[observation.uuid])).content.decode()
    assert "Review history" in page and "the wooden ones?" in page  # kept, with who and when
    # Returned a second time: both notes are on record, the latest shown first.
    manager.post(url, {"note": "And the count: how far?"})
    assert list(ObservationReturn.objects.values_list("note", flat=True)) == [
        "And the count: how far?", "Say which blocks: the wooden ones?"]


def test_an_empty_note_changes_nothing(world, sent):
    observation = _waiting(world, sent)
    response = world.client_for("manager").post(
        reverse("journal-observation-return", args=[observation.uuid]), {"note": "  "},
        follow=True)
    assert "Say what needs changing" in response.content.decode()
    observation.refresh_from_db()
    assert observation.status == Observation.Status.REVIEW
    assert not ObservationReturn.objects.exists()


def test_only_a_manager_returns_and_only_what_waits_for_review(world, sent):
    observation = _waiting(world, sent)
    url = reverse("journal-observation-return", args=[observation.uuid])
    assert world.client_for("key_person").post(url, {"note": "x"}).status_code == 403
    assert world.client_for("manager").get(url).status_code == 405
    services.approve_observation(world.users["manager"], observation)
    response = world.client_for("manager").post(url, {"note": "Too late"}, follow=True)
    assert "not waiting for review" in response.content.decode()
    observation.refresh_from_db()
    assert observation.status == Observation.Status.PUBLISHED
    assert not ObservationReturn.objects.exists()


def test_the_new_observation_form_takes_a_next_step_for_each_child(world):
    client = world.client_for("key_person")
    page = client.get(reverse("journal-observation-new")).content.decode()
    assert 'name="next_step"' in page
    _post(client, world, action="draft", next_step="Count to ten together")
    steps = dict(ObservationChild.objects.values_list("child__first_name", "next_step"))
    assert steps == {world.child.first_name: "Count to ten together",
                     world.other_child.first_name: "Count to ten together"}
    # Saved: each child's next step can now be changed on its own.
    page = client.get(reverse("journal-observation-edit", args=[
        Observation.objects.get().uuid])).content.decode()
    assert 'name="next_step"' not in page
    assert f'name="next_step_{world.child.uuid}"' in page


def test_html_in_the_next_step_is_refused_and_nothing_saved(world):
    response = _post(world.client_for("key_person"), world, next_step="<b>Count</b>")
    assert response.status_code == 200
    assert not Observation.objects.exists()
