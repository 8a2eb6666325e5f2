"""Every collector of a child, together: JSON, in the setting's scope, no other setting's
rows, no secret, and news photos by the photo consent rule."""

import json

from consents.models import ConsentKind
from events import services as events
from subject_access.collect import CHILD_COLLECTORS
from subject_access.collect import news as news_part
from subject_access.parts import Part
from tests.events.factories import event
from tests.learning_journal.factories import consent, group_observation, photo_consents
from tests.news.factories import post
from tests.subject_access.conftest import as_text, records_of


def test_news_gives_the_posts_to_the_family_and_the_photos_the_rule_allows(world, collect):
    consent(world, world.child, ConsentKind.PHOTOS_JOURNAL)
    photo_consents(world, world.other_child, journal=True, others=False)
    post(world, title="For Ava's family")
    post(world, title="Ava alone", with_photo=True, children_shown=[world.child])
    post(world, title="Group photo", with_photo=True,
         children_shown=[world.child, world.other_child])
    post(world, title="Otto's family only", children=[world.other_child])
    part = collect(news_part.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=8)
    assert {p["title"] for p in records_of(part, "post")} == {
        "For Ava's family", "Ava alone", "Group photo"}
    (photo,) = records_of(part, "post_photo")
    assert photo["post"] == "Ava alone" and len(part.files) == 1
    assert len(part.withheld) == 1 and "Otto" not in as_text(part)
    nobody = collect(news_part.for_child, world.child, None, setting=world.setting_a,
                     queries=8)
    assert len(nobody.files) == 1


def test_every_child_collector_keeps_to_the_setting_and_hands_out_no_secret(world, collect):
    group_observation(world)
    events.answer(world.users["parent"], event(world), child=world.child, going=True,
                   adults=1)
    parts = [collect(collector, world.child, world.users["parent"], setting=world.setting_a,
                     queries=20) for collector in CHILD_COLLECTORS]
    assert all(isinstance(p, Part) and p.title for p in parts)
    assert len({p.key for p in parts}) == len(parts)
    text = "".join(as_text(p) for p in parts)
    json.loads(json.dumps([p.records for p in parts]))
    for word in ("Otto", "Otherchild", "Bella", "Riverchild", "Rex Restricted", "Court order",
                 "pbkdf2", "password_hash", "token", "ip_address"):
        assert word not in text
    assert "Ava" in text and "Kim Keyperson" in text


def test_events_and_looks_read_a_fixed_number_of_queries(world, collect):
    from families.looks import record_looks
    from families.models import RecordView
    from privacy.models import PrivacyOptions
    from subject_access.collect import events as events_part
    from subject_access.collect import privacy as privacy_part

    PrivacyOptions.objects.create(setting=world.setting_a, show_staff_names_to_families=True)
    for n in range(3):
        events.answer(world.users["parent"], event(world, title=f"Trip {n}"), child=world.child,
                      going=True, adults=1)
        for persona in ("key_person", "manager", "parent"):
            record_looks(world.users[persona], world.setting_a,
                         world.memberships[persona].role, [world.child], RecordView.What.RECORD)
    answers = collect(events_part.for_child, world.child, None, setting=world.setting_a,
                      queries=1)
    assert [r["event"] for r in answers.records] == ["Trip 0", "Trip 1", "Trip 2"]
    looks = collect(privacy_part.for_child, world.child, None, setting=world.setting_a,
                    queries=2)
    assert len(looks.records) == 9
    assert {r.get("viewer") for r in looks.records} == {"Kim Keyperson", "Mona Manager", None}
