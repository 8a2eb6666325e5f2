"""Authorization matrix: the news app's URLs (see tests/test_authorization_matrix.py).

The post is Mona's, to Ava's family, asking them to confirm it, with a photo showing nobody.
Staff of Acorn see it; Pat (Ava's parent) sees it; Casey (no right to Ava's information),
Olly (another child's parent), Riverside's manager and the superuser get 404, as for a post
that does not exist.
"""

from tests.authz import expect
from tests.news.factories import post

STAFF = {"manager": 200, "key_person": 200, "practitioner": 200}
STAFF_REDIRECT = {"manager": 302, "key_person": 302, "practitioner": 302}


def _post(world):
    return {"post_uuid": post(world).uuid}


def _photo(world):
    return {"photo_uuid": post(world, with_photo=True).photos.get().uuid}


MATRIX = {
    "news-list": ("get", None, expect(200, superuser=403)),
    "news-new": ("get", None, expect(403, other_setting=200, **STAFF)),
    "news-detail": ("get", _post, expect(404, parent=200, **STAFF)),
    "news-photo": ("get", _photo, expect(404, parent=200, **STAFF)),
    # Pat confirms and is sent back to the post; staff see it but confirm nothing.
    "news-acknowledge": ("post", _post, expect(404, parent=302, manager=403, key_person=403,
                                               practitioner=403)),
    "news-chase": ("post", _post, expect(404, parent=403, **STAFF_REDIRECT)),
    # Without a reason: sent back to the post with a message, nothing changed.
    "news-withdraw": ("post", _post, expect(404, parent=403, **STAFF_REDIRECT)),
}
