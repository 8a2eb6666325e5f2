"""The policy library: default policies, drafts, publishing signed versions, reading them."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from policies.defaults import DEFAULTS, default_text, ensure_default_policies
from policies.models import Policy, PolicyVersion
from policies.services import create_policy, publish, save_draft
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.policies.factories import published_policy

LIST = reverse("policies-list")


def _publish(world, policy, **fields):
    data = {"adopted_on": timezone.localdate(),
            "next_review_on": timezone.localdate() + timedelta(days=365),
            "chair_name": "Cara Chair", "manager_name": "Mona Manager",
            "change_summary": "", **fields}
    return publish(world.users["manager"], policy, **data)


class TestDefaultPolicies:
    def test_the_managers_first_visit_creates_them_as_drafts(self, world):
        page = world.client_for("manager").get(LIST).content.decode()
        policies = Policy.objects.filter(setting=world.setting_a)
        assert {p.default_key for p in policies} == {d["key"] for d in DEFAULTS}
        assert all(p.current_version is None for p in policies)
        assert "Working in partnership with parents and carers" in page
        assert "Draft to adopt" in page
        partnership = policies.get(default_key="partnership-with-parents")
        assert list(partnership.related.all()) == [policies.get(default_key="complaints")]
        # Families see nothing until they are published.
        assert "partnership" not in world.client_for("parent").get(LIST).content.decode()

    def test_creating_them_is_idempotent_and_leaves_edits_alone(self, world):
        ensure_default_policies(world.setting_a)
        policy = Policy.objects.get(setting=world.setting_a, default_key="complaints")
        save_draft(world.users["manager"], policy, body="## Our own words")
        assert ensure_default_policies(world.setting_a) == []
        assert Policy.objects.filter(setting=world.setting_a).count() == 2
        assert PolicyVersion.objects.get(policy=policy).body == "## Our own words"

    def test_a_setting_with_policies_of_its_own_gets_no_defaults(self, world):
        published_policy(world.setting_a)
        world.client_for("manager").get(LIST)
        assert not Policy.objects.exclude(default_key="").exists()

    def test_the_complaints_policy_quotes_the_constants(self):
        text = default_text("complaints")
        assert "within 28 days" in text and "0300 123 1231" in text
        assert "Clive House, 70 Petty France, London SW1H 9EX" in text
        assert "{" not in text

    def test_the_demo_can_publish_them_signed(self, world):
        created = ensure_default_policies(world.setting_b, signed_by=("Cath Chair", "Mark M"))
        assert all(p.current_version.chair_name == "Cath Chair" for p in created)


class TestWritingAndPublishing:
    def test_a_new_policy_is_a_draft_until_published_with_signatures(self, world):
        client = world.client_for("manager")
        response = client.post(reverse("policies-new"), {
            "title": "Sun safety", "category": "health", "audience": "everyone",
            "body": "## Hats\n- Every child wears a hat."})
        policy = Policy.objects.get(title="Sun safety")
        assert response["Location"] == policy.get_absolute_url()
        assert policy.current_version is None
        assert world.client_for("parent").get(policy.get_absolute_url()).status_code == 404
        response = client.post(reverse("policies-publish", args=[policy.uuid]), {
            "adopted_on": timezone.localdate().isoformat(),
            "next_review_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
            "chair_name": "Cara Chair", "manager_name": "Mona Manager"})
        assert response.status_code == 302
        policy.refresh_from_db()
        version = policy.current_version
        assert version.number == 1 and version.chair_name == "Cara Chair"
        assert version.change_summary == "First version."
        page = world.client_for("parent").get(policy.get_absolute_url()).content.decode()
        assert "Every child wears a hat." in page and "Cara Chair" in page
        assert AuditEvent.objects.filter(action="policy.published").exists()

    def test_a_published_version_is_never_changed_a_change_is_a_new_version(self, world):
        policy = published_policy(world.setting_a)
        first = policy.current_version
        draft = save_draft(world.users["manager"], policy, body="## New text")
        assert draft.pk != first.pk and draft.number == 2
        first.refresh_from_db()
        assert "New text" not in first.body
        # Families still read version 1 until version 2 is published.
        page = world.client_for("parent").get(policy.get_absolute_url()).content.decode()
        assert "New text" not in page
        with pytest.raises(ServiceError, match="Summarise what has changed"):
            _publish(world, policy)
        _publish(world, policy, change_summary="Shorter.")
        policy.refresh_from_db()
        assert policy.current_version.number == 2
        page = world.client_for("parent").get(policy.get_absolute_url()).content.decode()
        assert "New text" in page and "Shorter." in page
        old = world.client_for("parent").get(reverse("policies-version", args=[first.uuid]))
        assert "An earlier version" in old.content.decode()

    @pytest.mark.parametrize(("fields", "message"), [
        ({"chair_name": " "}, "name of the chair"),
        ({"adopted_on": timezone.localdate() + timedelta(days=2)}, "in the future"),
        ({"next_review_on": timezone.localdate()}, "must come after"),
    ])
    def test_publishing_needs_signatures_and_sensible_dates(self, world, fields, message):
        policy = create_policy(world.users["manager"], world.setting_a, title="T",
                               category="admin", audience="everyone", body="x")
        with pytest.raises(ServiceError, match=message):
            _publish(world, policy, **fields)
        policy.refresh_from_db()
        assert policy.current_version is None

    def test_the_publish_form_explains_bad_input(self, world):
        policy = published_policy(world.setting_a)
        save_draft(world.users["manager"], policy, body="v2")
        response = world.client_for("manager").post(
            reverse("policies-publish", args=[policy.uuid]),
            {"adopted_on": "2020-01-01", "next_review_on": "2019-01-01", "chair_name": "C",
             "manager_name": "M"})
        page = response.content.decode()
        assert "must come after" in page and "Summarise what has changed" in page
        policy.refresh_from_db()
        assert policy.current_version.number == 1

    def test_an_empty_draft_is_refused(self, world):
        policy = published_policy(world.setting_a)
        response = world.client_for("manager").post(
            reverse("policies-draft", args=[policy.uuid]), {"body": "  "})
        assert "Write the policy" in response.content.decode()
        assert not PolicyVersion.objects.filter(policy=policy, published_at=None).exists()

    def test_links_between_policies_are_shown_to_readers(self, world):
        a = published_policy(world.setting_a, title="Settling in")
        b = published_policy(world.setting_a, title="Key person")
        staff_only = published_policy(world.setting_a, title="Staff rota", audience="staff")
        other = published_policy(world.setting_b, title="Elsewhere")
        world.client_for("manager").post(reverse("policies-edit", args=[a.uuid]), {
            "title": "Settling in", "category": "partnership", "audience": "everyone",
            "related": [str(b.uuid), str(staff_only.uuid), str(other.uuid)]})
        # Another setting's policy is not a valid choice: nothing saved.
        assert not a.related.exists()
        world.client_for("manager").post(reverse("policies-edit", args=[a.uuid]), {
            "title": "Settling in", "category": "partnership", "audience": "everyone",
            "related": [str(b.uuid), str(staff_only.uuid)]})
        assert set(a.related.all()) == {b, staff_only}
        page = world.client_for("parent").get(a.get_absolute_url()).content.decode()
        assert "Key person" in page and "Staff rota" not in page
        assert "Settling in" in world.client_for("parent").get(
            b.get_absolute_url()).content.decode()


class TestReading:
    def test_families_never_see_staff_only_policies(self, world):
        policy = published_policy(world.setting_a, title="Staff rota", audience="staff")
        assert world.client_for("parent").get(policy.get_absolute_url()).status_code == 404
        assert "Staff rota" not in world.client_for("parent").get(LIST).content.decode()
        assert world.client_for("practitioner").get(policy.get_absolute_url()).status_code == 200

    def test_the_print_page_and_the_pdf_carry_the_text_and_signatures(self, world):
        policy = published_policy(world.setting_a, body="## Hats\n- Every child wears a hat.")
        page = world.client_for("parent").get(reverse("policies-print", args=[policy.uuid]))
        html = page.content.decode()
        assert "<nav" not in html and "Every child wears a hat." in html
        pdf = world.client_for("parent").get(reverse("policies-pdf", args=[policy.uuid]))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["Cache-Control"] == "private, no-store"
        assert pdf["Content-Disposition"].startswith('inline; filename="')
        text = " ".join(page.extract_text() for page in
                        PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Settling in" in text and "Every child wears a hat." in text
        assert "Cara Chair" in text and "Mona Manager" in text

    def test_html_in_a_policy_is_shown_as_text(self, world):
        policy = published_policy(world.setting_a, body="## <script>alert(1)</script>\nHi")
        page = world.client_for("parent").get(policy.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
