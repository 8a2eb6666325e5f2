from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from families.models import Child, Room
from learning_journal.eyfs import CHECK_AREA_CODES
from learning_journal.media import (
    ACCEPT_ATTRIBUTE,
    MAX_FILES_PER_OBSERVATION,
    MAX_PHOTO_BYTES,
    MAX_VIDEO_BYTES,
    process_upload,
)
from learning_journal.models import (
    Area,
    Aspect,
    Characteristic,
    CheckArea,
    DailyBoard,
    DiaryEntry,
    ProgressCheck,
)
from preschool.models import Membership
from preschool.validators import (
    InputLimits,
    child_record_date,
    not_in_future,
    plain_text,
    require_plain_text,
)

MEDIA_HELP = format_lazy(
    _("Photos (JPEG, PNG or HEIC, up to {photo_mb} MB each) and short MP4 videos (up to "
      "{video_mb} MB), at most {files}. We remove the hidden information in photos (such as "
      "where they were taken) and make them smaller."),
    photo_mb=MAX_PHOTO_BYTES // 2**20, video_mb=MAX_VIDEO_BYTES // 2**20,
    files=MAX_FILES_PER_OBSERVATION)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_field(label, *, required=True, max_length=3000, rows=4, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, validators=[plain_text],
                           widget=forms.Textarea(attrs={"rows": rows}))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MediaField(forms.FileField):
    """Several files at once; each is checked and cleaned (learning_journal.media) when the
    form is validated, so a bad file is refused before anything is stored. A subclass may
    take other files (``accept``, ``process``) and fewer (``max_files``, ``too_many``)."""

    accept = ACCEPT_ATTRIBUTE
    process = staticmethod(process_upload)
    max_files = MAX_FILES_PER_OBSERVATION
    too_many: "str | Promise" = format_lazy(
        _("Choose at most {files} photos and videos at a time."), files=MAX_FILES_PER_OBSERVATION)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": self.accept,
                                                             "multiple": True}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", MEDIA_HELP)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > self.max_files:
            raise ValidationError(self.too_many, code="too_many")
        processed, errors = [], []
        for f in files:
            try:
                processed.append(self.process(super().clean(f, initial)))
            except ValidationError as exc:
                name = getattr(f, "name", "") or gettext("A file")
                errors.extend(gettext("%(name)s: %(message)s") % {"name": name, "message": message}
                              for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return processed


class ChildrenField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="uuid", widget=forms.CheckboxSelectMultiple,
                         error_messages={
                             "invalid_choice": _("Choose only children of this setting who "
                                                 "are on the roll."),
                             "invalid_pk_value": _("Choose only children of this setting."),
                             "required": _("Choose at least one child."),
                         }, **kwargs)

    def label_from_instance(self, obj):
        return obj.full_name


class FrameworkMixin(InputLimits, forms.Form):
    """Areas, aspects and characteristics of effective learning (the EYFS framework), and a
    next step for each child already on the observation."""

    # Bound to request.POST, where a multiple choice sends its name once for each value.
    data: QueryDict

    areas = forms.ModelMultipleChoiceField(
        Area.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Areas of learning"))
    aspects = forms.ModelMultipleChoiceField(
        Aspect.objects.select_related("area"), required=False,
        widget=forms.CheckboxSelectMultiple)
    characteristics = forms.ModelMultipleChoiceField(
        Characteristic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Characteristics of effective learning"))

    def framework(self) -> list[dict]:
        """Areas with their aspects and whether each is ticked, for the template."""
        def chosen(name):
            if self.is_bound:
                return set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()
            return {str(getattr(v, "pk", v)) for v in (self.initial.get(name) or [])}

        areas, aspects = chosen("areas"), chosen("aspects")
        rows: dict[int, dict] = {}
        for aspect in Aspect.objects.select_related("area").order_by("area__order", "order"):
            area = aspect.area
            row = rows.setdefault(area.pk, {"area": area, "checked": str(area.pk) in areas,
                                            "aspects": []})
            row["aspects"].append({"aspect": aspect, "checked": str(aspect.pk) in aspects})
        return list(rows.values())

    def characteristic_rows(self) -> list[dict]:
        if self.is_bound:
            chosen = set(self.data.getlist("characteristics"))
        else:
            chosen = {str(getattr(v, "pk", v)) for v in (self.initial.get("characteristics")
                                                         or [])}
        return [{"item": c, "checked": str(c.pk) in chosen} for c in Characteristic.objects.all()]

    def add_next_step_fields(self, links) -> None:
        """A next-step field for each child already on the observation (``links``)."""
        self.links = links
        for link in links:
            self.fields[f"next_step_{link.child.uuid}"] = text_field(
                _("Next step for %(name)s") % {"name": link.child.full_name}, required=False,
                max_length=1000, rows=2)
            self.initial.setdefault(f"next_step_{link.child.uuid}", link.next_step)

    def next_step_fields(self):
        if "next_step" in self.fields:
            return [self["next_step"]]
        return [self[f"next_step_{link.child.uuid}"] for link in self.links]

    def next_steps(self) -> dict:
        """{child id: next step} for the children already on the observation; on a new one,
        its next step for each child chosen."""
        if "next_step" in self.fields:
            return {child.pk: self.cleaned_data.get("next_step", "")
                    for child in self.cleaned_data.get("children") or []}
        return {link.child_id: self.cleaned_data.get(f"next_step_{link.child.uuid}", "")
                for link in self.links}


class ObservationForm(FrameworkMixin):
    observed_on = forms.DateField(label=_("Date"), widget=date_input())
    text = text_field(_("What happened"), max_length=5000, rows=6,
                      help_text=_("What the child did, said or made. Families read this."))
    children = None  # set in __init__
    # The metaclass moves a declared field into base_fields: Form.media (its assets) stays.
    media = MediaField(label=_("Photos and videos"))  # type: ignore[assignment]

    def __init__(self, *args, setting, observation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting = setting
        self.fields["children"] = ChildrenField(
            Child.objects.for_setting(setting).current().select_related("room")
            .order_by("room__name", "first_name", "last_name"),
            required=False, label=_("Children"),
            help_text=_("One child, or several for a group observation. Each family sees it "
                        "in their own child's journal."))
        self.order_fields(["children", "observed_on", "text"])
        self.add_next_step_fields(
            list(observation.child_links.select_related("child")) if observation is not None
            else [])
        if observation is None:  # no child saved on it yet: one next step for each ticked
            self.fields["next_step"] = text_field(
                _("Next step"), required=False, max_length=1000, rows=2,
                help_text=_("For each child ticked. Once it is saved, each child's next step "
                            "can be changed on its own."))

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        not_in_future(day, _("The date is in the future: record what has already happened."))
        return day

    def clean(self):
        data = super().clean()
        day = data.get("observed_on")
        if day is not None:
            for child in data.get("children") or []:
                try:
                    child_record_date(child, day)
                except ValidationError as exc:
                    self.add_error("observed_on", exc)
                    break
        return data

    def child_rows(self) -> list[dict]:
        if self.is_bound:
            chosen = set(self.data.getlist("children"))
        else:
            chosen = {str(getattr(v, "uuid", v)) for v in (self.initial.get("children") or [])}
        field = cast(ChildrenField, self.fields["children"])
        return [{"child": c, "checked": str(c.uuid) in chosen} for c in field.queryset or []]

    def observation_data(self) -> dict:
        """The observation as learning_journal.services takes it."""
        data = self.cleaned_data
        return {"observed_on": data["observed_on"], "text": data["text"],
                "children": list(data["children"]), "areas": list(data["areas"]),
                "aspects": list(data["aspects"]),
                "characteristics": list(data["characteristics"]), "media": data["media"]}


def observation_initial(observation) -> dict:
    """What the form changing ``observation`` starts with: the observation as it is."""
    return {
        "observed_on": observation.observed_on, "text": observation.text,
        "children": [link.child for link in observation.child_links.select_related("child")],
        "areas": list(observation.areas.all()), "aspects": list(observation.aspects.all()),
        "characteristics": list(observation.characteristics.all())}



class AnnotateForm(FrameworkMixin):
    """Areas and next steps of a published observation (a wow moment included)."""

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_next_step_fields(links)


class WowMomentForm(InputLimits, forms.Form):
    observed_on = forms.DateField(label=_("Date"), widget=date_input(),
                                  initial=timezone.localdate)
    text = text_field(_("What happened"), max_length=5000, rows=5,
                      help_text=_("Something new your child did, said or made at home."))
    # The metaclass moves a declared field into base_fields: Form.media (its assets) stays.
    media = MediaField(label=_("Photos and videos"))  # type: ignore[assignment]

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        not_in_future(day, _("The date is in the future: tell us what has already happened."))
        child_record_date(self.child, day)
        return day


class CommentForm(InputLimits, forms.Form):
    body = text_field(_("Your comment"), max_length=2000, rows=3)


class MediaChildrenForm(InputLimits, forms.Form):
    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"] = ChildrenField(
            Child.objects.filter(pk__in=[c.pk for c in children]), required=False,
            label=_("Who is in this photo or video"))
        self.fields["children"].widget.attrs["class"] = "form-check-input"


class DiaryEntryForm(InputLimits, forms.ModelForm):
    class Meta:
        model = DiaryEntry
        fields = ["day", "sleep", "food", "mood", "notes"]
        widgets = {"day": date_input(), "food": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["day"].initial = timezone.localdate
        self.fields["mood"].choices = [("", _("Not given"))] + list(DiaryEntry.Mood.choices)
        require_plain_text(self, "sleep", "food", "notes")

    def clean_day(self):
        day = self.cleaned_data["day"]
        not_in_future(day)
        child_record_date(self.child, day)
        return day


class DailyBoardForm(InputLimits, forms.ModelForm):
    class Meta:
        model = DailyBoard
        fields = ["room", "day", "what_we_did", "planning", "try_at_home"]
        widgets = {"day": date_input(), "what_we_did": forms.Textarea(attrs={"rows": 4}),
                   "planning": forms.Textarea(attrs={"rows": 3}),
                   "try_at_home": forms.Textarea(attrs={"rows": 3})}
        # Empty until __init__: rooms are a setting's rows, unlisted outside its scope.
        field_classes = {"room": SafeModelChoiceField}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(setting=setting)
        self.fields["room"].empty_label = _("The whole setting")
        self.fields["room"].error_messages["invalid_choice"] = _("Choose a room of this setting.")
        self.fields["day"].initial = timezone.localdate
        require_plain_text(self, "what_we_did", "planning", "try_at_home")


class JournalSettingsForm(InputLimits, forms.Form):
    require_review = forms.BooleanField(
        label=_("A manager reviews practitioners' observations before families see them"),
        required=False)


class JournalFilterForm(InputLimits, forms.Form):
    area = forms.ChoiceField(required=False, label=_("Area"))
    source = forms.ChoiceField(choices=[("", _("Staff and family")), ("staff", _("Staff")),
                                        ("family", _("Family"))], required=False,
                               label=pgettext_lazy("author", "By"))
    since = forms.DateField(required=False, widget=date_input(),
                            label=pgettext_lazy("date range", "From"))
    until = forms.DateField(required=False, widget=date_input(),
                            label=pgettext_lazy("date range", "To"))

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas"))] + [(a.code, a.label) for a in areas]


# --- Progress check --------------------------------------------------------------------------

class SencoChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name


class CheckForm(InputLimits, forms.ModelForm):
    class Meta:
        model = ProgressCheck
        fields = ["parents_views", "child_voice", "significant_concerns", "targeted_plan",
                  "senco"]
        widgets = {"parents_views": forms.Textarea(attrs={"rows": 4}),
                   "child_voice": forms.Textarea(attrs={"rows": 3}),
                   "targeted_plan": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"senco": SencoChoiceField}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["senco"].queryset = (Membership.objects.for_setting(setting).active()
                                         .filter(is_senco=True).select_related("user"))
        self.fields["senco"].empty_label = _("Nobody yet")
        require_plain_text(self, "parents_views", "child_voice", "targeted_plan")


class CheckAreaForm(InputLimits, forms.ModelForm):
    class Meta:
        model = CheckArea
        fields = ["strengths", "progress", "support"]
        widgets = {"strengths": forms.Textarea(attrs={"rows": 3}),
                   "support": forms.Textarea(attrs={"rows": 3}),
                   "progress": forms.RadioSelect}
        labels = {"strengths": _("Strengths"), "progress": _("Progress"),
                  "support": _("What we will do to support the child")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = CheckArea.Progress.choices
        self.fields["progress"].required = False
        require_plain_text(self, "strengths", "support")


def check_area_forms(check, data=None) -> list:
    areas = sorted(check.areas.select_related("area"),
                   key=lambda a: CHECK_AREA_CODES.index(a.area.code)
                   if a.area.code in CHECK_AREA_CODES else 99)
    return [CheckAreaForm(data, instance=a, prefix=a.area.code.lower()) for a in areas]


class ReturnCheckForm(InputLimits, forms.Form):
    note = text_field(_("What needs changing"), max_length=2000, rows=3)


class StartCheckForm(InputLimits, forms.Form):
    outside_age_reason = text_field(
        _("Why now"), required=False, max_length=1000, rows=2,
        help_text=_("Needed for a child younger than two or aged three or more, for "
                    "example: joined us at 37 months without a check."))


class ReturnObservationForm(InputLimits, forms.Form):
    note = text_field(_("What needs changing"), max_length=2000, rows=3,
                      help_text=_("The author reads this; the observation goes back to them "
                                  "as a draft."))


class FamilyCommentsForm(InputLimits, forms.Form):
    comments = text_field(_("Your comments"), required=False, max_length=3000, rows=5,
                          help_text=_("What you think of the summary, what your child does "
                                      "at home, anything you would like us to know."))
    read = forms.BooleanField(label=_("I have read my child's progress check"), error_messages={
        "required": _("Tick the box to say you have read the check.")})


class CorrectionForm(InputLimits, forms.Form):
    reason = text_field(_("What needs correcting, and why"), max_length=1000, rows=3)
