"""Forms of the news pages (every form mixes in InputLimits and refuses HTML)."""

from datetime import timedelta
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from families.models import Child, Room
from learning_journal.forms import MediaField
from learning_journal.media import process_photo
from news.models import Post
from news.services import MAX_PHOTOS, NAME_THE_CHILDREN
from preschool.lib.uploads import ACCEPTED_LABEL
from preschool.validators import InputLimits, require_plain_text

# How far ahead a post may be scheduled.
MAX_SCHEDULE_DAYS = 366


class ChildChoice(SafeModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="uuid", widget=forms.CheckboxSelectMultiple,
                         error_messages={"invalid_choice": _("Choose children of this setting."),
                                         "invalid_pk_value": _("Choose children of this "
                                                               "setting.")},
                         **kwargs)

    def label_from_instance(self, obj):
        return obj.full_name


class PhotosField(MediaField):
    """Several photos at once, each checked and re-encoded (learning_journal.media) when the
    form is validated, so a bad file is refused before anything is stored."""

    accept = "image/*"
    process = staticmethod(process_photo)
    max_files = MAX_PHOTOS
    # A lazy text, made in the language of the request that shows it.
    too_many = cast(str, format_lazy(_("Choose at most {count} photos."), count=MAX_PHOTOS))


class PostForm(InputLimits, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("What you want to tell families"),
                           widget=forms.Textarea(attrs={"rows": 6}))
    audience = forms.ChoiceField(label=_("Who is it for"), choices=Post.Audience.choices,
                                 widget=forms.RadioSelect, initial=Post.Audience.SETTING)
    room = SafeModelChoiceField(queryset=Room.objects.none(), required=False,
                                label=_("Room"), empty_label=_("Choose a room"),
                                to_field_name="uuid")
    children = ChildChoice(Child.objects.none(), required=False,
                           label=_("Chosen families: the families of"))
    needs_acknowledgement = forms.BooleanField(
        required=False, label=_("Ask families to confirm they have read it"),
        help_text=_("You will see who has and has not confirmed, and can remind them."))
    publish_at = forms.DateTimeField(
        required=False, label=_("Publish later (leave empty to publish now)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=format_lazy(_("Up to {count}: {accepted} each; locations and camera details "
                                "are removed."), count=MAX_PHOTOS, accepted=ACCEPTED_LABEL))
    photo_description = forms.CharField(
        required=False, max_length=200, label=_("Describe the photos"),
        help_text=_("For people who cannot see them, e.g. \"Children planting beans\"."))
    children_shown = ChildChoice(
        Child.objects.none(), required=False, label=_("Children in the photos"),
        help_text=_("A family sees the photos only if every child named here may be shown to "
                    "them (their photo consents)."))
    no_child_in_photos = forms.BooleanField(
        required=False, label=_("No child can be recognised in these photos"),
        help_text=_("Only then may photos go out with no child named: every family it is for "
                    "will see them."))
    urgent = forms.BooleanField(
        required=False, label=_("Urgent notice (a closure or an emergency)"),
        help_text=_("Sent at once, even in quiet hours. Every urgent notice is logged."))

    def __init__(self, *args, setting, may_post_urgent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)
        cast(SafeModelChoiceField, self.fields["room"]).queryset = (
            Room.objects.filter(setting=setting))
        children = Child.objects.filter(setting=setting).current().order_by("first_name")
        for name in ("children", "children_shown"):
            cast(ChildChoice, self.fields[name]).queryset = children
        if not may_post_urgent:
            del self.fields["urgent"]

    def clean_publish_at(self):
        when = self.cleaned_data.get("publish_at")
        if when and when > timezone.now() + timedelta(days=MAX_SCHEDULE_DAYS):
            raise ValidationError(_("Choose a time within the next year."), code="too_far")
        return when

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Post.Audience.ROOM and not data.get("room"):
            self.add_error("room", _("Choose the room the post is for."))
        if audience == Post.Audience.FAMILIES and not data.get("children"):
            self.add_error("children", _("Choose the children whose families the post is for."))
        if data.get("photos") and not (data.get("photo_description") or "").strip():
            self.add_error("photo_description",
                           _("Describe the photos for people who cannot see them."))
        if (data.get("photos") and "children_shown" in data and not data["children_shown"]
                and not data.get("no_child_in_photos")):
            self.add_error("children_shown", _(NAME_THE_CHILDREN))
        return data


class WithdrawForm(InputLimits, forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)
