"""What a setting holds about an adult: account, memberships, what they answered, read and
wrote; never a secret, never a confidential questionnaire's answers."""

from django.utils import timezone

from api.models import ApiTokenUse
from events import services as events
from families.looks import record_looks
from families.models import RecordView
from news.models import Acknowledgement, PostRead
from notifications.models import Notification, Preference, QuietHours
from policies import services as policies
from preschool.models import log_action
from push.models import PushSubscription
from subject_access.collect import ADULT_COLLECTORS
from subject_access.collect import api as api_part
from subject_access.collect import events as events_part
from subject_access.collect import news as news_part
from subject_access.collect import notifications as notifications_part
from subject_access.collect import policies as policies_part
from subject_access.collect import preschool as preschool_part
from subject_access.collect import privacy as privacy_part
from subject_access.collect import push as push_part
from tests.api.helpers import make_token
from tests.events.factories import event
from tests.factories import ChildAdultFactory, MembershipFactory
from tests.news.factories import post
from tests.policies.factories import open_review, published_policy, questionnaire
from tests.subject_access.conftest import as_text, records_of


def _fill(world, tag=""):
    parent, setting = world.users["parent"], world.setting_a
    token, _secret = make_token(world.memberships["parent"])
    ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/children", status=200,
                               ip_address="192.0.2.9")
    trip = event(world, title=f"Trip to the farm{tag}")
    events.answer(parent, trip, child=world.child, going=True, adults=1, children=1)
    events.new_calendar_feed(parent, setting)
    news = post(world, title=f"Cake sale{tag}")
    PostRead.objects.create(post=news, user=parent)
    Acknowledgement.objects.create(post=news, user=parent)
    policy = published_policy(setting, title=f"Settling in{tag}")
    policies.confirm_read(parent, policy)
    review = open_review(policy, world.users["manager"])
    policies.add_comment(parent, review, section="", body="More home visits please.")
    open_one = questionnaire(setting, world.users["manager"], confidential=False,
                             title=f"Open one{tag}")
    secret = questionnaire(setting, world.users["manager"], title=f"Secret one{tag}")
    for q, words in ((open_one, "OPEN-WORDS"), (secret, "SECRET-WORDS")):
        policies.submit_answers(parent, q, {q.questions.get(position=1): 4,
                                            q.questions.get(position=4): words})
    Preference.objects.update_or_create(setting=setting, user=parent, category="post",
                                        defaults={"channel": "weekly"})
    QuietHours.objects.get_or_create(user=parent)
    Notification.objects.create(setting=setting, recipient=parent, category="post",
                                title="Cake sale", url="/news/x/")
    PushSubscription.objects.create(user=parent, endpoint=f"https://push.example.org/SECRET-EP{tag}",
                                    p256dh="SECRET-KEY", auth="SECRET-AUTH", label="Pat's phone")
    log_action(parent, "consent.answered", world.child)
    log_action(world.users["other_parent"], "consent.answered", world.other_child)
    record_looks(parent, setting, "parent", [world.child], RecordView.What.HEALTH)
    return trip


def test_the_account_and_its_memberships(world, collect):
    _fill(world)
    part = collect(preschool_part.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=3)
    (account,) = records_of(part, "account")
    assert account["full_name"] == "Pat Parent" and account["email"] == "parent@example.org"
    assert "password" not in account and "is_superuser" not in account
    assert account["preferred_language_display"] == "English"
    (membership,) = records_of(part, "membership")
    assert membership["role_display"] == "Parent or carer"
    actions = records_of(part, "audit_event")
    assert {a["action"] for a in actions} >= {"consent.answered"}
    assert len(part.withheld) == 1
    assert "Otto" not in as_text(part) and "Ava" not in as_text(part)


def test_events_news_policies_notifications_and_devices(world, collect):
    _fill(world)
    user, setting = world.users["parent"], world.setting_a

    def run(module, queries):
        return collect(module.for_adult, user, setting, setting=setting, queries=queries)

    answer = records_of(run(events_part, 2), "event_answer")[0]
    assert answer["event"] == "Trip to the farm" and answer["status_display"] == "Coming"
    assert answer["child"] == "Ava Parentchild"
    news = run(news_part, 2)
    assert records_of(news, "post_read")[0]["post"] == "Cake sale"
    assert records_of(news, "post_acknowledged")
    policy = run(policies_part, 5)
    assert records_of(policy, "policy_read")[0]["version"] == 1
    assert records_of(policy, "policy_comment")[0]["body"] == "More home visits please."
    (response,) = records_of(policy, "questionnaire_response")
    assert "OPEN-WORDS" in as_text(policy) and "SECRET-WORDS" not in as_text(policy)
    assert response["answers"][0]["question"] == "How welcome do you feel?"
    assert records_of(policy, "questionnaire_answered")[0]["questionnaire"] == "Secret one"
    assert len(policy.withheld) == 1
    told = run(notifications_part, 3)
    assert records_of(told, "preference")[0]["channel_display"] == "Weekly digest email"
    assert records_of(told, "quiet_hours") and records_of(told, "notification")
    devices = run(push_part, 1)
    assert records_of(devices, "device") == [
        {"record_type": "device", "label": "Pat's phone",
         "created_at": records_of(devices, "device")[0]["created_at"]}]
    assert "SECRET" not in as_text(devices)
    access = run(api_part, 2)
    (made,) = records_of(access, "api_access")
    assert made["name"] == "Test" and "children:read" in made["scopes"]
    (call,) = records_of(access, "api_call")
    assert (call["method"], call["path"], call["status"]) == ("GET", "/api/v1/children", 200)
    assert "192.0.2.9" not in as_text(access) and "ppat_" not in as_text(access)


def test_every_adult_collector_keeps_to_the_setting_and_hands_out_no_secret(world, collect):
    _fill(world)
    parent = world.users["parent"]
    parent.last_login = timezone.now()
    # Pat is also a parent at Riverside: nothing of it goes in Acorn's bundle.
    MembershipFactory(user=parent, setting=world.setting_b, role="parent")
    ChildAdultFactory(child=world.child_b, user=parent, relationship="Aunt")
    Notification.objects.create(setting=world.setting_b, recipient=parent, category="post",
                                title="RIVERSIDE-NOTE", url="/news/y/")
    log_action(parent, "RIVERSIDE-ACTION", world.child_b)
    text = ""
    for collector in ADULT_COLLECTORS:
        part = collect(collector, world.users["parent"], world.setting_a,
                       setting=world.setting_a, queries=8)
        text += as_text(part)
    for word in ("Otto", "Olly", "Riverside", "RIVERSIDE", "Riverchild", "Aunt", "SECRET",
                 "pbkdf2", "token", "p256dh", "endpoint", "session_hash"):
        assert word not in text
    assert "Pat Parent" in text and "Cake sale" in text


def test_looks_are_by_role_and_named_only_where_the_setting_shows_names(world, collect):
    from privacy.models import PrivacyOptions

    record_looks(world.users["key_person"], world.setting_a, "practitioner", [world.child],
                 RecordView.What.MEDICATION)
    record_looks(world.users["other_setting"], world.setting_b, "manager", [world.child_b],
                 RecordView.What.RECORD)
    part = collect(privacy_part.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=2)
    (look,) = records_of(part, "look")
    assert look["viewer_role_display"] == "Practitioner" and look["what"] == "medication"
    assert "viewer" not in look and "Kim" not in as_text(part)
    PrivacyOptions.objects.create(setting=world.setting_a, show_staff_names_to_families=True)
    named = collect(privacy_part.for_child, world.child, world.users["parent"],
                    setting=world.setting_a, queries=2)
    assert records_of(named, "look")[0]["viewer"] == "Kim Keyperson" and not named.withheld


def test_every_adult_collector_reads_a_fixed_number_of_queries(world):
    """As many queries with three times the rows: nothing is read row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from preschool.tenancy import setting_scope

    def counts():
        found = []
        for collector in ADULT_COLLECTORS:
            with setting_scope(world.setting_a), CaptureQueriesContext(connection) as ctx:
                collector(world.users["parent"], world.setting_a)
            found.append(len(ctx))
        return found

    _fill(world)
    once = counts()
    _fill(world, " again")
    _fill(world, " and again")
    assert counts() == once
