"""Forms of the events pages (every form mixes in InputLimits and refuses HTML)."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.services import MAX_PARTY
from preschool.validators import InputLimits, require_plain_text


def _when(label, **kwargs):
    return forms.DateTimeField(label=label, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), **kwargs)


class EventForm(InputLimits, forms.Form):
    kind = forms.ChoiceField(label=_("What kind of event"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Details"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    asks_for_answers = forms.BooleanField(
        label=_("Ask families who is coming"), required=False,
        help_text=_("Families who have not answered are reminded 7 and 2 days before the "
                    "date to answer by."))
    rsvp_by = forms.DateField(label=_("Answer by"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    capacity = forms.IntegerField(
        label=_("Places (adults and children together)"), required=False, min_value=1,
        max_value=10_000, help_text=_("Leave empty for no limit. Beyond it, a waiting list."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_at", _("The event must end after it starts."))
            elif ends - starts > timedelta(days=120):
                self.add_error("ends_at", _("An event lasts at most 120 days."))
        rsvp_by = data.get("rsvp_by")
        if data.get("asks_for_answers") and rsvp_by and starts and rsvp_by > starts.date():
            self.add_error("rsvp_by", _("The date to answer by must be before the event."))
        return data


class AnswerForm(InputLimits, forms.Form):
    child = forms.TypedChoiceField(label=_("For"), coerce=str)
    going = forms.TypedChoiceField(label=_("Your answer"), widget=forms.RadioSelect,
                                   choices=[("yes", _("Yes")), ("no", _("No"))],
                                   coerce=lambda v: v == "yes")
    adults = forms.IntegerField(label=_("Adults coming"), min_value=0, max_value=MAX_PARTY,
                                initial=1, required=False)
    children = forms.IntegerField(label=_("Children coming"), min_value=0, max_value=MAX_PARTY,
                                  initial=1, required=False)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children_by_uuid = {str(c.uuid): c for c in children}
        self.fields["child"].choices = [(str(c.uuid), c.known_as) for c in children]

    def clean_child(self):
        child = self.children_by_uuid.get(self.cleaned_data["child"])
        if child is None:
            raise ValidationError(_("Choose one of your own children."), code="not_yours")
        return child

    def clean(self):
        data = super().clean()
        if data.get("going") and (data.get("adults") or 0) + (data.get("children") or 0) < 1:
            self.add_error("adults", _("Say how many adults and children are coming."))
        return data
