"""Authorization matrix: the messaging app's URLs (see tests/test_authorization_matrix.py).

The conversation is Pat's, about Ava, with her key person Kim. Pat, Kim and the manager take
part; Perry (a practitioner who is no key person in Ava's room), Casey (a carer without the
right to information), Olly (another child's parent), the other setting and the superuser
get 404, as for a conversation that does not exist.
"""

from tests.authz import expect
from tests.messaging.factories import message, pdf, reply


def _conversation(world):
    return {"conversation_uuid": message(world).conversation.uuid}


def _message_of_parent(world):
    return {"message_uuid": message(world).uuid}


def _message_of_key_person(world):
    return {"message_uuid": reply(world, message(world).conversation).uuid}


def _message_with_file(world):
    return {"message_uuid": message(world, text="The letter from the GP.", upload=pdf()).uuid}


IN_IT = {"manager": 200, "key_person": 200, "parent": 200}

MATRIX = {
    # The superuser belongs to no setting: the inbox explains how to get one, like child-list.
    "messaging-inbox": ("get", None, expect(200)),
    "messaging-new": ("get", None, expect(200, superuser=403)),
    "messaging-availability": ("get", None, expect(200, parent=403, carer_no_info=403,
                                                   other_parent=403, superuser=403)),
    "messaging-conversation": ("get", _conversation, expect(404, **IN_IT)),
    # An empty message comes back with its error (200) to those in the conversation.
    "messaging-send": ("post", _conversation, expect(404, **IN_IT)),
    # Without the time of the last message shown: 400 to those in the conversation.
    "messaging-poll": ("get", _conversation, expect(404, manager=400, key_person=400,
                                                    parent=400)),
    # Only Kim, who wrote it, withdraws it; the manager and Pat see it but may not (403).
    "messaging-withdraw": ("post", _message_of_key_person,
                           expect(404, key_person=302, manager=403, parent=403)),
    # Staff flag a message to the safeguarding lead; Pat sees it but may not (403).
    "messaging-flag": ("post", _message_of_parent,
                       expect(404, key_person=302, manager=302, parent=403)),
    "messaging-file": ("get", _message_with_file, expect(404, **IN_IT)),
}
