"""The API's authorization matrix: every operation of the schema, for every persona
(tests/api/test_operations_matrix.py runs it with each persona's session and with a token of
theirs carrying every scope).

``OPERATIONS = {(method, OpenAPI path): (request builder, answers per persona)}``. A builder
takes the world and gives the path's parameters and, for a write, what it sends. The same
people as on the pages (tests/conftest.py): staff of Acorn see Ava; Pat, her mother, sees her
and her records but keeps no register (403); Casey (no right to information), Olly (Otto's
father), Bea (another setting: Ava's UUID answers as a missing child's) and the superuser (a
member of no setting) see nothing of hers (404). A list for someone in no setting answers
403. Anonymous callers, and an unknown token, get 401.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from tests.api.helpers import earlier_today
from tests.attendance.factories import RecordFactory, all_day
from tests.conftest import PERSONAS
from tests.learning_journal.factories import group_observation, photo, photo_consents
from tests.messaging.factories import message
from tests.news.factories import post as news_post
from tests.progress.factories import points, recorded

STAFF = {"manager": 200, "key_person": 200, "practitioner": 200}
SEE_AVA = {**STAFF, "parent": 200}
# In the conversation about Ava with her key person: Pat, Kim, and the manager (who reads
# every conversation of the setting). Perry is no key person in Ava's room.
IN_IT = ("manager", "key_person", "parent")


def answers(default, **overrides) -> dict:
    """``default`` for every signed-in persona, 401 for anonymous, then ``overrides``."""
    expected = dict.fromkeys(PERSONAS, default)
    expected["anonymous"] = 401
    expected.update(overrides)
    return expected


@dataclass
class Call:
    """What a builder makes: the path's parameters, and the body of a write (JSON, or a
    form with files)."""

    path: dict = field(default_factory=dict)
    json: dict | None = None
    form: dict | None = None


def _nothing(world) -> Call:
    return Call()


def _ava(world) -> Call:
    return Call({"child_uuid": world.child.uuid})


def _room(world) -> Call:
    return Call({"room_uuid": world.room.uuid})


def _sign_in(world) -> Call:
    return Call(json={"child": str(world.child.uuid), "session": str(all_day(world).uuid),
                      "dropped_off_by": "Pat Parent", "at": earlier_today().isoformat()})


def _sign_out(world) -> Call:
    RecordFactory(child=world.child, session=all_day(world))
    mother = world.child.adults.get(relationship="Mother")
    mother.may_collect = True
    mother.save()
    return Call(json={"child": str(world.child.uuid), "collector": f"adult:{mother.uuid}"})


def _new_observation(world) -> Call:
    return Call(form={"children": [str(world.child.uuid)],
                      "observed_on": timezone.localdate().isoformat(),
                      "text": "Counted the steps.", "media": [photo()]})


def _observation(world):
    photo_consents(world, world.child)  # so that Pat sees the photo of Ava
    return group_observation(world, children=[world.child])


def _journal_observation(world) -> Call:
    return Call({"child_uuid": world.child.uuid, "observation_uuid": _observation(world).uuid})


def _media(world) -> Call:
    return Call({"media_uuid": _observation(world).media.get().uuid})


def _conversation(world) -> Call:
    return Call({"conversation_uuid": message(world).conversation.uuid})


def _reply(world) -> Call:
    call = _conversation(world)
    call.json = {"text": "She slept well at nap time."}
    return call


def _read(world) -> Call:
    first = message(world)
    return Call({"conversation_uuid": first.conversation.uuid}, json={"up_to": str(first.uuid)})


def _assessment(world) -> Call:
    """Ava's assessment at the current term, shared with her family."""
    return Call({"assessment_uuid": recorded(world, world.child, points(world)[-1]).uuid})


def _family_comment(world) -> Call:
    call = _assessment(world)
    call.json = {"comment": "She counts the stairs at home too."}
    return call


def _post(world) -> Call:
    return Call({"post_uuid": news_post(world).uuid})


A = "/api/v1"
OPERATIONS: dict[tuple[str, str], tuple] = {
    ("GET", f"{A}/me"): (_nothing, answers(200)),
    ("GET", f"{A}/children"): (_nothing, answers(200, superuser=403)),
    ("GET", f"{A}/children/{{child_uuid}}"): (_ava, answers(404, **SEE_AVA)),
    # The register: staff of Acorn; Pat sees Ava but keeps no register (403).
    ("POST", f"{A}/register/sign-ins"): (_sign_in, answers(
        404, manager=201, key_person=201, practitioner=201, parent=403)),
    ("POST", f"{A}/register/sign-outs"): (_sign_out, answers(404, **STAFF, parent=403)),
    ("GET", f"{A}/register/rooms"): (_nothing, answers(
        200, parent=403, carer_no_info=403, other_parent=403, superuser=403)),
    ("GET", f"{A}/register/rooms/{{room_uuid}}"): (_room, answers(
        404, **STAFF, parent=403, carer_no_info=403, other_parent=403)),
    ("GET", f"{A}/register/children/{{child_uuid}}/collectors"): (_ava, answers(
        404, **STAFF, parent=403)),
    ("GET", f"{A}/attendance/children/{{child_uuid}}"): (_ava, answers(404, **SEE_AVA)),
    ("GET", f"{A}/attendance/records"): (_nothing, answers(
        200, parent=403, carer_no_info=403, other_parent=403, superuser=403)),
    # Families add no observations (403); Bea's form names a child not of her setting (422).
    ("POST", f"{A}/observations"): (_new_observation, answers(
        403, manager=201, key_person=201, practitioner=201, other_setting=422)),
    ("GET", f"{A}/observations/children/{{child_uuid}}"): (_ava, answers(404, **SEE_AVA)),
    ("GET", f"{A}/observations/children/{{child_uuid}}/{{observation_uuid}}"): (
        _journal_observation, answers(404, **SEE_AVA)),
    ("GET", f"{A}/observations/media/{{media_uuid}}"): (_media, answers(404, **SEE_AVA)),
    ("GET", f"{A}/consents/children/{{child_uuid}}"): (_ava, answers(404, **SEE_AVA)),
    ("GET", f"{A}/conversations"): (_nothing, answers(200, superuser=403)),
    ("GET", f"{A}/conversations/{{conversation_uuid}}/messages"): (
        _conversation, answers(404, **dict.fromkeys(IN_IT, 200))),
    ("POST", f"{A}/conversations/{{conversation_uuid}}/messages"): (
        _reply, answers(404, **dict.fromkeys(IN_IT, 201))),
    ("POST", f"{A}/conversations/{{conversation_uuid}}/read"): (
        _read, answers(404, **dict.fromkeys(IN_IT, 204))),
    ("GET", f"{A}/news"): (_nothing, answers(200, superuser=403)),
    ("GET", f"{A}/news/{{post_uuid}}"): (_post, answers(404, **STAFF, parent=200)),
    # Progress: staff and Pat read Ava's (tests/progress/matrix_family.py); only Pat comments,
    # staff who read it get 403 (the comment is the family's).
    ("GET", f"{A}/progress/children/{{child_uuid}}"): (_ava, answers(404, **SEE_AVA)),
    ("GET", f"{A}/progress/assessments/{{assessment_uuid}}"): (
        _assessment, answers(404, **SEE_AVA)),
    ("POST", f"{A}/progress/assessments/{{assessment_uuid}}/comment"): (
        _family_comment, answers(404, manager=403, key_person=403, practitioner=403,
                                 parent=200)),
}
