"""The child record: creating, registering, keeping it up to date, with history."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from families.models import AgreementSignature, Allergy, Child, ChildAdult, RecordChange
from preschool.models import AuditEvent, Membership
from tests.factories import ChildAdultFactory, UserFactory


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _create(client, **data):
    form = {"first_name": "Nell", "last_name": "Newchild",
            "date_of_birth": (date.today() - timedelta(days=800)).isoformat(), **data}
    return client.post(reverse("child-create"), form)


class TestCreatingAChild:
    def test_a_manager_adds_a_child(self, world):
        response = _create(world.client_for("manager"), room=world.room.pk)
        child = Child.objects.get(first_name="Nell")
        assert response["Location"] == child.get_absolute_url()
        assert child.setting == world.setting_a and child.room == world.room
        assert child.changes.get().summary == "Child added to the roll"

    @pytest.mark.parametrize(("born", "error"), [
        (date.today() + timedelta(days=1), "cannot be in the future"),
        (date.today() - timedelta(days=365 * 6 + 10), "would be over 6"),
    ])
    def test_an_impossible_date_of_birth_is_refused(self, world, born, error):
        response = _create(world.client_for("manager"), date_of_birth=born.isoformat())
        assert response.status_code == 200
        assert error in response.content.decode()
        assert not Child.objects.filter(first_name="Nell").exists()

    def test_a_start_before_birth_is_refused(self, world):
        born = date.today() - timedelta(days=800)
        response = _create(world.client_for("manager"), date_of_birth=born.isoformat(),
                           start_date=(born - timedelta(days=1)).isoformat())
        assert "before the date of birth" in response.content.decode()

    def test_a_room_of_another_setting_cannot_be_chosen(self, world):
        from tests.factories import RoomFactory

        other_room = RoomFactory(setting=world.setting_b)
        response = _create(world.client_for("manager"), room=other_room.pk)
        assert "Select a valid choice" in response.content.decode()


class TestInvitingTheAdults:
    def _add(self, client, child, **data):
        form = {"name": "Dana Dad", "relationship": "Father", "email": "dana@example.org",
                "has_parental_responsibility": "on", "may_receive_information": "on",
                "is_emergency_contact": "on", "phone": "07700 900001", "invite": "on", **data}
        return client.post(reverse("child-adult-add", args=[child.uuid]), form)

    def test_the_manager_invites_a_parent_who_is_linked_on_accepting(self, world, sent):
        with sent():
            response = self._add(world.client_for("manager"), world.child)
        assert response.status_code == 302
        adult = ChildAdult.objects.get(name="Dana Dad")
        assert adult.invitation is not None and adult.user is None
        assert mail.outbox[-1].to == ["dana@example.org"]
        from preschool.services import accept_invitation

        user = UserFactory(email="dana@example.org")
        accept_invitation(user, adult.invitation)
        adult.refresh_from_db()
        assert adult.user == user
        page = world.client_for("manager")  # noqa: F841
        from django.test import Client

        client = Client()
        client.force_login(user)
        assert client.get(world.child.get_absolute_url()).status_code == 200

    def test_a_parent_invites_the_second_parent(self, world, sent):
        with sent():
            response = self._add(world.client_for("parent"), world.child)
        assert response.status_code == 302
        assert ChildAdult.objects.get(name="Dana Dad").invitation.invited_by == \
            world.users["parent"]
        change = RecordChange.objects.get(summary__startswith="Added Dana Dad")
        assert change.needs_review  # a family added a contact: staff check it

    def test_an_address_already_linked_is_refused(self, world):
        response = self._add(world.client_for("manager"), world.child,
                             email="parent@example.org")
        assert response.status_code == 200
        assert "already linked" in response.content.decode()
        assert not ChildAdult.objects.filter(name="Dana Dad").exists()

    def test_an_existing_parent_of_the_setting_is_linked_at_once(self, world):
        response = self._add(world.client_for("manager"), world.child,
                             email="other.parent@example.org")
        assert response.status_code == 302
        adult = ChildAdult.objects.get(name="Dana Dad")
        assert adult.user == world.users["other_parent"] and adult.invitation is None

    def test_only_someone_who_may_receive_information_is_invited(self, world):
        response = self._add(world.client_for("manager"), world.child,
                             may_receive_information="")
        assert "Only someone who may receive information" in response.content.decode()

    def test_families_cannot_record_restrictions(self, world):
        self._add(world.client_for("parent"), world.child, invite="",
                  email="", restriction="No contact")
        assert ChildAdult.objects.get(name="Dana Dad").restriction == ""

    def test_staff_record_an_organisation_and_families_cannot(self, world):
        self._add(world.client_for("manager"), world.child, invite="", email="",
                  name="Northshire Children's Services", is_organisation="on")
        assert ChildAdult.objects.get(name="Northshire Children's Services").is_organisation
        self._add(world.client_for("parent"), world.child, invite="", email="",
                  is_organisation="on")
        assert not ChildAdult.objects.get(name="Dana Dad").is_organisation


class TestRegistration:
    def test_registration_needs_parental_responsibility_and_two_emergency_contacts(self, world):
        client = world.client_for("parent")
        url = reverse("child-registration", args=[world.child.uuid])
        page = client.get(url).content.decode()
        assert "at least two emergency contacts" in page
        response = client.post(url, {"typed_name": "Pat Parent", "agree": "on"})
        assert "at least two emergency contacts" in response.content.decode()
        assert not AgreementSignature.objects.exists()

    def test_a_child_with_no_adult_with_parental_responsibility_cannot_be_registered(
            self, world):
        ChildAdult.objects.filter(child=world.child).update(has_parental_responsibility=False,
                                                           is_emergency_contact=True,
                                                           phone="07700 900002")
        ChildAdult.objects.filter(child=world.child, user=world.users["parent"]).update(
            lives_with_child=True)
        response = world.client_for("parent").post(
            reverse("child-registration", args=[world.child.uuid]),
            {"typed_name": "Pat Parent", "agree": "on"})
        assert "at least one adult with parental responsibility" in response.content.decode()
        world.child.refresh_from_db()
        assert world.child.registration_completed_at is None

    def test_the_parent_signs_the_agreement_and_the_version_is_kept(self, world):
        ChildAdult.objects.filter(child=world.child).update(is_emergency_contact=True,
                                                           phone="07700 900003")
        client = world.client_for("parent")
        url = reverse("child-registration", args=[world.child.uuid])
        response = client.post(url, {"typed_name": "  Pat   Parent ", "agree": "on"})
        assert response.status_code == 302
        signature = AgreementSignature.objects.get()
        assert (signature.typed_name, signature.agreement.version) == ("Pat Parent", 1)
        assert "key person" in signature.agreement.text
        world.child.refresh_from_db()
        assert world.child.registration_completed_at is not None
        again = client.post(url, {"typed_name": "Pat Parent", "agree": "on"})
        assert "You signed this agreement as" in again.content.decode()
        assert AgreementSignature.objects.count() == 1
        assert AuditEvent.objects.filter(action="agreement.signed").count() == 1

    def test_signing_needs_the_box_ticked_and_a_name(self, world):
        response = world.client_for("parent").post(
            reverse("child-registration", args=[world.child.uuid]), {"typed_name": " "})
        assert response.status_code == 200
        assert not AgreementSignature.objects.exists()


class TestKeepingDetailsUpToDate:
    def test_a_parent_adds_an_allergy_and_the_key_person_is_told(self, world):
        response = world.client_for("parent").post(
            reverse("child-allergy-add", args=[world.child.uuid]),
            {"allergen": "Sesame", "severity": "severe", "reaction": "Hives",
             "action": "Antihistamine; call us."})
        assert response.status_code == 302
        change = RecordChange.objects.get(area="allergies")
        assert change.needs_review and change.changed_by == world.users["parent"]
        key_person = world.client_for("key_person")
        assert "1 change to check" in key_person.get(reverse("home")).content.decode()
        page = key_person.get(reverse("child-changes")).content.decode()
        assert "Sesame" in page
        # Another practitioner is not Ava's key person: not on their list; the manager sees it.
        assert "Sesame" not in world.client_for("practitioner").get(
            reverse("child-changes")).content.decode()
        assert "Sesame" in world.client_for("manager").get(
            reverse("child-changes")).content.decode()
        key_person.post(reverse("child-change-seen", args=[change.uuid]))
        change.refresh_from_db()
        assert change.reviewed_by == world.users["key_person"]
        assert "change to check" not in key_person.get(reverse("home")).content.decode()

    def test_changes_keep_what_was_there_before(self, world):
        client = world.client_for("parent")
        url = reverse("child-edit", args=[world.child.uuid, "health"])
        client.post(url, {"gp_name": "Dr Old"})
        client.post(url, {"gp_name": "Dr New"})
        changes = list(RecordChange.objects.filter(area="health").order_by("changed_at"))
        assert changes[-1].changes["GP (doctor)"] == ["Dr Old", "Dr New"]
        history = world.client_for("manager").get(
            reverse("child-history", args=[world.child.uuid])).content.decode()
        assert "Dr Old" in history and "Dr New" in history

    def test_staff_correct_changes_without_flagging_them(self, world):
        world.client_for("key_person").post(
            reverse("child-edit", args=[world.child.uuid, "health"]), {"gp_name": "Dr Who"})
        assert not RecordChange.objects.get(area="health").needs_review

    def test_an_allergy_that_no_longer_applies_is_ended_not_deleted(self, world):
        allergy = Allergy.objects.create(child=world.child, allergen="Egg", severity="mild",
                                         action="Avoid egg.")
        world.client_for("parent").post(
            reverse("child-allergy-end", args=[world.child.uuid, allergy.uuid]))
        allergy.refresh_from_db()
        assert allergy.ended_at is not None
        assert "Egg" not in world.client_for("manager").get(
            world.child.get_absolute_url()).content.decode().split("History of changes")[1]

    def test_the_enrolment_is_staff_only(self, world):
        url = reverse("child-edit", args=[world.child.uuid, "enrolment"])
        assert world.client_for("parent").get(url).status_code == 403
        assert world.client_for("key_person").get(url).status_code == 200

    def test_a_carer_who_may_see_but_not_change_gets_403(self, world):
        grandma = UserFactory(full_name="Gran")
        Membership.objects.create(user=grandma, setting=world.setting_a, role="parent")
        ChildAdultFactory(child=world.child, user=grandma, relationship="Grandmother",
                          has_parental_responsibility=False, lives_with_child=False)
        from django.test import Client

        client = Client()
        client.force_login(grandma)
        assert client.get(world.child.get_absolute_url()).status_code == 200
        url = reverse("child-edit", args=[world.child.uuid, "details"])
        assert client.get(url).status_code == 403
        assert client.post(url, {"preferred_name": "Changed"}).status_code == 403

    def test_a_parent_cannot_edit_another_familys_child(self, world):
        url = reverse("child-edit", args=[world.other_child.uuid, "health"])
        response = world.client_for("parent").post(url, {"gp_name": "Dr Evil"})
        assert response.status_code == 404
        world.other_child.refresh_from_db()
        assert world.other_child.gp_name == ""


class TestLeaving:
    def test_a_leaving_date_before_the_start_is_refused(self, world):
        Child.objects.filter(pk=world.child.pk).update(start_date=date.today())
        response = world.client_for("manager").post(
            reverse("child-leave", args=[world.child.uuid]),
            {"leaving_date": (date.today() - timedelta(days=3)).isoformat()}, follow=True)
        assert "before the start date" in response.content.decode()
        world.child.refresh_from_db()
        assert world.child.leaving_date is None

    def test_a_child_who_has_left_is_kept_and_read_only(self, world):
        world.client_for("manager").post(reverse("child-leave", args=[world.child.uuid]),
                                         {"leaving_date": date.today().isoformat()})
        world.child.refresh_from_db()
        assert world.child.has_left
        manager = world.client_for("manager")
        assert "Ava" not in manager.get(reverse("child-list")).content.decode()
        assert "Ava" in manager.get(reverse("child-list") + "?left=1").content.decode()
        assert manager.get(world.child.get_absolute_url()).status_code == 200
        edit = reverse("child-edit", args=[world.child.uuid, "health"])
        assert manager.post(edit, {"gp_name": "Dr Late"}).status_code == 403
        assert world.client_for("parent").get(world.child.get_absolute_url()).status_code == 200


class TestTheAgreementText:
    def test_it_shows_headings_and_lists_not_the_typed_marks(self, world):
        from families.agreement import DEFAULT_TEXT
        from families.models import PartnershipAgreement

        PartnershipAgreement.objects.create(setting=world.setting_a, version=1,
                                            text=DEFAULT_TEXT + "\n- <b>Bold</b> & more\n")
        html = world.client_for("parent").get(
            reverse("child-registration", args=[world.child.uuid])).content.decode()
        agreement = html[html.index('class="agreement-text'):]
        agreement = agreement[:agreement.index("</div>")]
        assert '<h3 class="h6 mt-3" id="section-1">What we will do</h3>' in agreement
        assert "<li>Give your child a key person, and a back-up key person, who will get to " \
               "know your child and your family, help your child settle" in agreement
        assert "## " not in agreement and "- " not in agreement.replace("back-up", "")
        assert "<br>" not in agreement
        assert "<li>&lt;b&gt;Bold&lt;/b&gt; &amp; more</li>" in agreement
