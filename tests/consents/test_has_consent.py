"""has_consent: the one question every feature asks before a photo, an outing or a share."""

from consents.models import ConsentAnswer, ConsentForm, ConsentKind
from consents.services import children_with_consent, children_with_consents, has_consent

PHOTOS = ConsentKind.PHOTOS_OTHER_FAMILIES


def _form(setting, version=1, kind=PHOTOS):
    ConsentForm.objects.filter(setting=setting, kind=kind).update(is_current=False)
    return ConsentForm.objects.create(setting=setting, kind=kind, title="Group photos",
                                      wording=f"Wording v{version}", version=version)


def _answer(world, form, given, child=None):
    return ConsentAnswer.objects.create(form=form, child=child or world.child, given=given,
                                        answered_by=world.users["parent"])


def test_no_form_or_no_answer_means_no(world):
    assert not has_consent(world.child, PHOTOS)
    _form(world.setting_a)
    assert not has_consent(world.child, PHOTOS)


def test_the_latest_answer_counts_so_a_withdrawal_takes_effect_at_once(world):
    form = _form(world.setting_a)
    _answer(world, form, True)
    assert has_consent(world.child, PHOTOS)
    _answer(world, form, False)
    assert not has_consent(world.child, PHOTOS)
    assert ConsentAnswer.objects.count() == 2  # the earlier answer stays on record


def test_new_wording_needs_a_new_answer(world):
    _answer(world, _form(world.setting_a), True)
    _form(world.setting_a, version=2)
    assert not has_consent(world.child, PHOTOS)


def test_children_with_consent_in_constant_queries(world, django_assert_num_queries):
    form = _form(world.setting_a)
    _answer(world, form, True)
    _answer(world, form, False, child=world.other_child)
    with django_assert_num_queries(1):
        ids = children_with_consent([world.child, world.other_child], PHOTOS)
    assert ids == {world.child.pk}
    assert not has_consent(world.child_b, PHOTOS)  # another setting's form does not count


def test_children_with_consents_reads_each_kind_and_the_latest_answer(
        world, django_assert_num_queries):
    photos = _form(world.setting_a, kind=ConsentKind.PHOTOS_JOURNAL)
    others = _form(world.setting_a)
    _answer(world, photos, True)
    _answer(world, photos, True, child=world.other_child)
    _answer(world, others, True)
    _answer(world, others, False)  # withdrawn: the latest answer counts
    _answer(world, others, True, child=world.other_child)
    with django_assert_num_queries(1):
        found = children_with_consents([world.child, world.other_child],
                                       [ConsentKind.PHOTOS_JOURNAL, PHOTOS])
    assert found == {ConsentKind.PHOTOS_JOURNAL: {world.child.pk, world.other_child.pk},
                     PHOTOS: {world.other_child.pk}}
