"""The child's record in a subject access bundle: details, adults, allergies, history."""

from families.models import AgreementSignature, AllAboutMe, Allergy, PartnershipAgreement
from families.services import record_change
from subject_access.collect import families
from tests.factories import ChildAdultFactory
from tests.subject_access.conftest import as_text, records_of


def _fill(world):
    child = world.child
    child.medical_needs = "Asthma: inhaler before running games."
    child.save()
    Allergy.objects.create(child=child, allergen="Peanuts", severity="anaphylaxis",
                           action="Adrenaline pen, call 999.")
    AllAboutMe.objects.create(child=child, likes="Dinosaurs", updated_by=world.users["parent"])
    agreement = PartnershipAgreement.objects.create(setting=world.setting_a, version=1,
                                                    text="We work together.")
    AgreementSignature.objects.create(agreement=agreement, child=child,
                                      user=world.users["parent"], typed_name="Pat Parent",
                                      signed_on="2026-09-01")
    record_change(world.users["parent"], child, "health", "Health updated",
                  {"medical_needs": ["", "Asthma"]})
    record_change(world.users["manager"], child, "contacts", "Added Rex Restricted (Father)",
                  {"restriction": ["", "Court order: no contact."]})
    ChildAdultFactory(child=child, user=None, name="Gran Example", relationship="Grandmother",
                      phone="07700 900123", address="1 Secret Lane")


def test_it_gives_the_record_health_and_history(world, collect):
    _fill(world)
    part = collect(families.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=8)
    child = records_of(part, "child")[0]
    assert child["first_name"] == "Ava"
    assert child["sen_status"] == "none" and child["sen_status_display"] == "None identified"
    assert child["room"] == "Caterpillars"
    assert child["medical_needs"].startswith("Asthma")
    assert records_of(part, "allergy")[0]["severity_display"] == "Anaphylaxis (life-threatening)"
    assert records_of(part, "all_about_me")[0]["updated_by"] == "Pat Parent"
    assert records_of(part, "agreement_signature")[0]["agreement_text"] == "We work together."
    history = records_of(part, "record_change")
    assert [h["summary"] for h in history] == ["Health updated"]
    assert history[0]["changed_by"] == "Pat Parent"
    mother = next(r for r in records_of(part, "adult") if r["relationship"] == "Mother")
    assert mother["has_parental_responsibility"] is True and mother["account"] == "Pat Parent"


def test_it_withholds_restrictions_and_other_adults_contact_details(world, collect):
    _fill(world)
    part = collect(families.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=8)
    text = as_text(part)
    assert "Rex Restricted" not in text and "Court order" not in text
    assert "restriction" not in text
    assert "Gran Example" in text
    assert "900123" not in text and "Secret Lane" not in text
    assert len(part.withheld) == 2
    for word in ("Otto", "Otherchild", "Bella", "Riverchild", "password", "pbkdf2"):
        assert word not in text


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world)
    for n in range(5):
        Allergy.objects.create(child=world.child, allergen=f"Thing {n}", severity="mild",
                               action="Wipe")
        record_change(world.users["key_person"], world.child, "health", f"Change {n}")
    part = collect(families.for_child, world.child, None, setting=world.setting_a, queries=8)
    assert len(records_of(part, "record_change")) == 6


def test_it_gives_an_adult_their_links_and_signatures(world, collect):
    _fill(world)
    part = collect(families.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=5)
    links = records_of(part, "adult")
    assert [link["child"] for link in links] == ["Ava Parentchild"]
    assert records_of(part, "agreement_signature")[0]["typed_name"] == "Pat Parent"
    assert [c["summary"] for c in records_of(part, "record_change")] == ["Health updated"]
    assert "Riverchild" not in as_text(part)
