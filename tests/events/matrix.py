"""Authorization matrix: the events app's URLs (see tests/test_authorization_matrix.py).

The event is Acorn's trip, asking families who is coming. Staff and the families who hear of
a child of Acorn (Pat, Olly) see it; Casey, who has no right to Ava's information, sees none
of it, nor do Riverside's manager and the superuser. The calendar feed is read by its secret
address alone: anyone holding it, signed in or not.
"""

from events import services
from tests.authz import expect
from tests.events.factories import event

STAFF = {"manager": 200, "key_person": 200, "practitioner": 200}
STAFF_REDIRECT = {"manager": 302, "key_person": 302, "practitioner": 302}
STAFF_403 = {"manager": 403, "key_person": 403, "practitioner": 403}


def _event(world):
    return {"event_uuid": event(world).uuid}


def _feed(world):
    return {"token": services.new_calendar_feed(world.users["parent"], world.setting_a)}


MATRIX = {
    "events-list": ("get", None, expect(200, superuser=403)),
    "events-new": ("get", None, expect(403, other_setting=200, **STAFF)),
    "events-detail": ("get", _event, expect(404, parent=200, other_parent=200, **STAFF)),
    "events-ics": ("get", _event, expect(404, parent=200, other_parent=200, **STAFF)),
    # An empty answer: sent back to the event with a message.
    "events-answer": ("post", _event, expect(404, parent=302, other_parent=302, **STAFF_403)),
    "events-cancel": ("post", _event, expect(404, parent=403, other_parent=403,
                                             **STAFF_REDIRECT)),
    "events-feed": ("get", None, expect(403, parent=200, other_parent=200)),
    "events-feed-revoke": ("post", None, expect(403, parent=302, other_parent=302)),
    "events-feed-ics": ("get", _feed, expect(200, anonymous=200)),
}
