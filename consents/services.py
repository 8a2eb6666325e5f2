"""Consents that other features rely on."""

from consents.models import ConsentAnswer, ConsentForm


def has_consent(child, kind: str) -> bool:
    """True only when the latest answer for ``child`` to the setting's current form of
    ``kind`` is yes. No form, no answer, a no, a withdrawal, or an answer to an older
    version of the wording all mean no consent (written consent is needed first)."""
    form = ConsentForm.objects.filter(setting_id=child.setting_id, kind=kind,
                                      is_current=True).first()
    if form is None:
        return False
    latest = (ConsentAnswer.objects.filter(child=child, form=form)
              .order_by("-answered_at", "-id").values_list("given", flat=True).first())
    return bool(latest)


def children_with_consent(children, kind: str) -> set:
    """The ids of those ``children`` (one setting) with consent of ``kind``: one query for
    the forms and one for the answers, whatever the number of children."""
    children = list(children)
    if not children:
        return set()
    forms = {f.setting_id: f.pk for f in ConsentForm.objects.filter(
        setting_id__in={c.setting_id for c in children}, kind=kind, is_current=True)}
    latest = {}
    for child_id, given in (ConsentAnswer.objects
                            .filter(child__in=children, form_id__in=forms.values())
                            .order_by("child_id", "-answered_at", "-id")
                            .values_list("child_id", "given")):
        latest.setdefault(child_id, given)
    return {child_id for child_id, given in latest.items() if given}
