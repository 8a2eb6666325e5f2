"""The retention pages in every shipped language: no word of the interface left in English
(the check of tests/i18n/test_pages.py), the child's page's hold section included."""

import pytest

from retention import services
from tests.i18n.test_catalogues import TRANSLATED
from tests.i18n.test_pages import data_words, english_left

PATHS = ["/retention/", "/retention/rules/journal/", "/retention/holds/",
         "/retention/holds/new/", "/retention/due/", "/retention/log/"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_retention_pages_have_no_english_left(world, language):
    hold = services.place_hold(world.users["manager"], world.setting_a, child=world.child,
                               reason="claim", details="Xyz")
    manager = world.users["manager"]
    manager.preferred_language = language
    manager.save(update_fields=["preferred_language"])
    client = world.client_for("manager")
    found = []
    data = data_words(world) | {"Xyz"}
    for path in [*PATHS, f"/retention/holds/{hold.uuid}/lift/",
                 f"/children/{world.child.uuid}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        if path.startswith("/children/"):
            html = html[html.index('<section aria-labelledby="h-legal-holds"'):]
            html = html[:html.index("</section>")]
        found += [f"{path}: {text}" for text in english_left(html, language, data)]
    assert not found, f"{language}: English left:\n" + "\n".join(found)
