"""A parent asks online for a copy of their child's data (only with parental responsibility)
or their own; staff log a request made in any other form; the managers are told."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from preschool.models import AuditEvent, Reminder
from subject_access.models import SubjectAccessRequest


def test_a_parent_asks_for_their_childs_data_from_the_childs_page(world):
    client = world.client_for("parent")
    page = client.get(reverse("child-detail", args=[world.child.uuid]))
    ask_url = reverse("subject-access-ask") + f"?child={world.child.uuid}"
    assert ask_url in page.content.decode()
    form = client.get(ask_url)
    assert f'value="{world.child.uuid}" ' in form.content.decode().replace("checked", " ")
    response = client.post(reverse("subject-access-ask"),
                           {"about": str(world.child.uuid), "details": "Everything please."})
    request = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.child == world.child and request.subject_user is None
    assert request.requester == world.users["parent"]
    assert request.received_how == "online" and request.relationship == "Mother"
    assert request.due_on == SubjectAccessRequest.due_date_for(request.received_at)
    assert AuditEvent.objects.filter(action="subject_access.asked",
                                     actor=world.users["parent"]).count() == 1
    told = Notification.objects.filter(url=request.get_absolute_url())
    assert {n.recipient for n in told} == {world.users["manager"]}
    assert Reminder.objects.filter(kind="subject-access-new",
                                   recipient=world.users["manager"]).count() == 1
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "The setting will answer by" in detail


def test_a_parent_asks_for_their_own_data(world):
    client = world.client_for("parent")
    client.post(reverse("subject-access-ask"), {"about": "self"})
    request = SubjectAccessRequest.objects.get()
    assert request.subject_user == world.users["parent"] and request.child is None


def test_a_carer_without_parental_responsibility_cannot_ask_about_the_child(world):
    client = world.client_for("carer_no_info")
    page = client.get(reverse("child-detail", args=[world.child.uuid]))
    assert page.status_code == 404  # no right to information: the child is not theirs to see
    response = client.post(reverse("subject-access-ask"), {"about": str(world.child.uuid)})
    assert response.status_code == 200 and not SubjectAccessRequest.objects.exists()
    assert "Choose yourself, or a child you have parental responsibility for." in \
        response.content.decode()


def test_a_parent_cannot_ask_about_another_familys_child(world):
    client = world.client_for("other_parent")
    response = client.post(reverse("subject-access-ask"), {"about": str(world.child.uuid)})
    assert response.status_code == 200 and not SubjectAccessRequest.objects.exists()


def test_a_practitioner_logs_a_request_made_in_person_and_the_manager_handles_it(world):
    client = world.client_for("practitioner")
    received = timezone.localtime() - timedelta(days=3)
    response = client.post(reverse("subject-access-log"), {
        "received_how": "in_person", "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "child": str(world.child.uuid), "requester_name": "Gran Parentchild",
        "requester_contact": "07700 900123", "relationship": "Grandmother",
        "details": "Asked at the door for Ava's records."})
    assert response.status_code == 302 and response["Location"] == reverse("subject-access-list")
    request = SubjectAccessRequest.objects.get()
    assert request.logged_by == world.users["practitioner"] and request.requester is None
    assert request.received_on == received.date()
    assert request.due_on == SubjectAccessRequest.due_date_for(request.received_at)
    assert {n.recipient for n in Notification.objects.all()} == {world.users["manager"]}
    # The practitioner does not see it afterwards: the manager handles it.
    assert world.client_for("practitioner").get(request.get_absolute_url()).status_code == 404


def test_a_request_logged_with_no_one_asking_is_refused_and_nothing_is_saved(world):
    client = world.client_for("manager")
    response = client.post(reverse("subject-access-log"), {
        "received_how": "phone", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "child": str(world.child.uuid)})
    assert response.status_code == 200 and not SubjectAccessRequest.objects.exists()
    assert "Choose the person who asked, or type their name." in response.content.decode()


def test_a_request_about_a_child_and_an_adult_at_once_is_refused(world):
    client = world.client_for("manager")
    response = client.post(reverse("subject-access-log"), {
        "received_how": "phone", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "child": str(world.child.uuid), "subject_user": str(world.users["parent"].uuid),
        "requester": str(world.users["parent"].uuid)})
    assert response.status_code == 200 and not SubjectAccessRequest.objects.exists()


def test_families_see_their_own_requests_only(world):
    from tests.subject_access.factories import sar

    mine = sar(world)
    theirs = sar(world, persona="other_parent", child=world.other_child)
    page = world.client_for("parent").get(reverse("subject-access-list")).content.decode()
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() not in page
    assert world.client_for("parent").get(theirs.get_absolute_url()).status_code == 404
