"""The erasure pages in every shipped language: no word of the interface left in English
(the check of tests/i18n/test_pages.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from retention.adults import record_request
from tests.i18n.test_catalogues import TRANSLATED
from tests.i18n.test_pages import _words, data_words, english_left


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_erasure_pages_have_no_english_left(world, records, language):
    world.child.leaving_date = timezone.localdate()
    world.child.save()
    erasure = record_request(world.users["manager"], world.setting_a, world.users["parent"],
                             received_at=timezone.localdate(), received_how="phone")
    manager = world.users["manager"]
    manager.preferred_language = language
    manager.save(update_fields=["preferred_language"])
    client = world.client_for("manager")
    # what people wrote in the records fixture stays as written
    data = data_words(world) | _words(["Wipe the skin.", "Calpol infant suspension",
                                       "when temperature over 38C"])
    found = []
    for url in (reverse("retention-adult-erasures"),
                reverse("retention-adult-erasure-new", args=[world.users["parent"].uuid]),
                reverse("retention-adult-erasure-detail", args=[erasure.uuid]),
                reverse("child-detail", args=[world.child.uuid])):
        response = client.get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {text}" for text in english_left(response.content.decode(),
                                                              language, data)]
    assert not found, "\n".join(found)
