"""The family's form on their child's progress summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from preschool.validators import InputLimits, plain_text


class FamilyCommentForm(InputLimits, forms.Form):
    """The family's own comment on a shared assessment (a later one replaces it)."""

    comment = forms.CharField(
        label=_("Your comment"), max_length=2000, validators=[plain_text],
        error_messages={"required": _("Write your comment first.")},
        help_text=_("What you see at home, what you are proud of, or a question for the key "
                    "person. The key person reads it."),
        widget=forms.Textarea(attrs={"rows": 4}))
