"""The managers' forms: the framework, the assessment points, the setting's statements."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learning_journal.models import Area, Aspect
from preschool.validators import InputLimits
from progress.models import AssessmentPoint, Band, Framework


class LabelledChoiceField(forms.ModelChoiceField):
    """A choice of frameworks, areas or bands, each by its name in the person's language."""

    def label_from_instance(self, obj) -> str:
        return obj.label


class AspectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.area.label}: {obj.label}"


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OptionsForm(InputLimits, forms.Form):
    framework = LabelledChoiceField(
        Framework.objects.all(), label=_("The guidance you follow"), widget=forms.RadioSelect,
        empty_label=None)
    judge_aspects = forms.BooleanField(
        label=_("Judge each aspect too"), required=False,
        help_text=_("Key persons record a judgement for each aspect of an area (such as "
                    "Speaking), as well as for the area. It takes longer."))


class PointForm(InputLimits, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentPoint.Kind.choices,
                             widget=forms.RadioSelect, initial=AssessmentPoint.Kind.DATED)
    name = forms.CharField(label=pgettext_lazy("assessment point", "Name"), max_length=80,
                           help_text=_("As key persons and families will read it, such as "
                                       "\"Autumn term 2026\"."))
    starts_on = forms.DateField(
        label=_("From"), widget=DATE,
        help_text=_("On entry: children who start on or after this day are assessed once "
                    "they have settled."))
    ends_on = forms.DateField(label=_("Until"), widget=DATE, required=False,
                              help_text=_("The last day of a dated point; not used on entry."))

    def __init__(self, *args, editing: AssessmentPoint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:  # the kind of a point never changes
            del self.fields["kind"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or self.initial.get("kind")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if kind == AssessmentPoint.Kind.DATED and starts and not ends:
            self.add_error("ends_on", _("Give the last day of the point."))
        if kind == AssessmentPoint.Kind.DATED and starts and ends and ends < starts:
            self.add_error("ends_on", _("The point ends on or after the day it starts."))
        return data


class StatementForm(InputLimits, forms.Form):
    area = LabelledChoiceField(Area.objects.order_by("order"), label=_("Area"),
                                  empty_label=None)
    aspect = AspectChoiceField(Aspect.objects.order_by("area__order", "order")
                               .select_related("area"),
                                    label=_("Aspect (optional)"), required=False)
    band = LabelledChoiceField(Band.objects.none(), label=_("Band or range (optional)"),
                                  required=False)
    text = forms.CharField(label=_("Statement"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What key persons look for, in plain words: a guide "
                                       "beside the form, never a box to tick."))

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        band = cast(LabelledChoiceField, self.fields["band"])
        band.queryset = Band.objects.filter(framework=framework)

    def clean(self):
        data = super().clean()
        area, aspect = data.get("area"), data.get("aspect")
        if area and aspect and aspect.area_id != area.pk:
            self.add_error("aspect", _("Choose an aspect of the area chosen."))
        return data
