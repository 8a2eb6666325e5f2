"""The plain words of a summary: every judgement has a sentence a parent understands, and a
Birth to 5 Matters range says what it is."""

import pytest

from progress.constants import BIRTH_TO_5_MATTERS
from progress.models import Band, Judgement
from progress.summary import PLAIN_WORDS, plain_words, range_words


def test_every_judgement_has_its_plain_words():
    assert set(PLAIN_WORDS) == set(Judgement.Status.values)
    assert plain_words(Judgement.Status.ON_TRACK) == "Developing well for their age"
    assert plain_words(Judgement.Status.WORKING_TOWARDS) == (
        "Getting there: we are helping with this")
    assert plain_words(Judgement.Status.NOT_YET) == (
        "Needs some extra help: we will talk with you about how we support this")
    assert plain_words("") == ""


@pytest.mark.django_db
def test_a_range_is_named_with_its_place_among_the_ranges_and_its_framework():
    band = Band.objects.get(framework__code=BIRTH_TO_5_MATTERS, code="range_3")
    assert range_words(band, 6, "Birth to 5 Matters") == "Range 3 (of 6) in Birth to 5 Matters"
    assert range_words(None, 6, "Birth to 5 Matters") == ""

