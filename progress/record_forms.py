"""The key person's forms: start an assessment, and judge each area (or aspect)."""

from django import forms
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from learning_journal.models import Observation
from progress.models import AssessmentPoint, Band, Judgement
from progress.services import JudgementInput


class StartForm(forms.Form):
    """Which of the setting's points to assess the child at (another setting's, or a retired
    one, is not a choice)."""

    point: "forms.ModelChoiceField[AssessmentPoint]" = forms.ModelChoiceField(
        queryset=AssessmentPoint.objects.none(), to_field_name="uuid",
        label=_("Assessment point"),
        error_messages={"invalid_choice": _("Choose one of the setting's assessment points."),
                        "required": _("Choose one of the setting's assessment points.")})

    def __init__(self, *args, points: list[AssessmentPoint], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["point"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AssessmentPoint.objects.filter(pk__in=[p.pk for p in points])


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date assessed"),
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the assessment cannot be in the future."))
        return value


def observation_label(observation: Observation) -> str:
    return f"{dateformat.format(observation.observed_on, 'j M')}: " + Truncator(
        observation.text).chars(90)


class JudgementForm(forms.Form):
    """One area (or aspect): a best fit, the range under Birth to 5 Matters, a short comment,
    and which of the child's observations are its evidence."""

    status = forms.ChoiceField(
        label=_("Judgement"), required=False, choices=Judgement.Status.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Choose a judgement from the list.")})
    band = forms.TypedChoiceField(
        label=_("Range"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a range from the list.")})
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=600,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control", "maxlength": 600}))
    evidence = forms.TypedMultipleChoiceField(
        label=_("Observations as evidence"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Link only observations from the list.")})

    def __init__(self, data=None, *, judgement: Judgement, ranges: list[Band] | None,
                 observations: list[Observation], evidence_ids: list[int]):
        self.judgement = judgement
        self.observations = observations
        initial = {"status": judgement.status, "band": judgement.band_id,
                   "comment": judgement.comment, "evidence": evidence_ids}
        super().__init__(data, prefix=f"j{judgement.pk}", initial=initial)
        if ranges is None:
            del self.fields["band"]
        else:
            band = self.fields["band"]
            assert isinstance(band, forms.TypedChoiceField)
            band.choices = [("", _("Choose the range that fits best"))] + [
                (b.pk, b.label) for b in ranges]
        evidence = self.fields["evidence"]
        assert isinstance(evidence, forms.TypedMultipleChoiceField)
        evidence.choices = [(o.pk, observation_label(o)) for o in observations]

    @property
    def title(self) -> str:
        judgement = self.judgement
        return judgement.aspect.label if judgement.aspect else judgement.area.label

    def as_input(self) -> JudgementInput:
        data = self.cleaned_data
        return JudgementInput(area_id=self.judgement.area_id,
                              aspect_id=self.judgement.aspect_id, status=data["status"],
                              band_id=data.get("band"), comment=data["comment"],
                              evidence_ids=list(data["evidence"]))


def judgement_forms(judgements: list[Judgement], data,
                    observations: dict[int, list[Observation]],
                    evidence: dict[int, list[int]], ranges: list[Band] | None
                    ) -> list[JudgementForm]:
    """A form for each judgement of ``assessment`` (no query: the caller read them)."""
    return [JudgementForm(data, judgement=j, ranges=ranges,
                          observations=observations.get(j.area_id, []),
                          evidence_ids=evidence.get(j.pk, [])) for j in judgements]
