from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from policies.constants import (
    DEFAULT_REVIEW_DAYS,
    MAX_QUESTIONNAIRE_DAYS,
    MAX_REVIEW_DAYS,
    RATING_LABELS,
)
from policies.defaults import default_next_review
from policies.models import Policy, PolicyVersion, Question, Questionnaire, ReviewComment
from preschool.lib.text import sections
from preschool.validators import (
    PLAIN_TEXT_MESSAGE,
    InputLimits,
    at_most_days_ahead,
    not_in_future,
    plain_text,
    require_plain_text,
)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


POLICY_TEXT_HINT = _('A policy is plain text: start a line with "## " for a heading and with '
                      '"- " for a bullet point.')


def policy_text(value: str) -> None:
    """The policy's text takes no HTML either: its few conventions (preschool/lib/text.py) give
    headings, paragraphs and lists, so tags are never needed; they would only be shown as
    text. The message says how to lay the text out instead."""
    try:
        plain_text(value)
    except ValidationError:
        raise ValidationError(format_lazy("{} {}", PLAIN_TEXT_MESSAGE, POLICY_TEXT_HINT),
                              code="markup") from None


class PlainText(InputLimits):
    """Mixin for a form whose typed text is plain text only: HTML or script is refused with a
    clear message and nothing is saved (preschool/validators.py). Text fields that already
    check the policy text (``policy_text``) are left to it, so the message is not repeated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_text_fields(self)


def _plain_text_fields(form) -> None:
    names = [n for n, f in form.fields.items()
             if isinstance(f, forms.CharField) and policy_text not in f.validators]
    if names:  # with no names, require_plain_text would take every text field
        require_plain_text(form, *names)


def _no_blank(value, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


class PolicyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class PolicyDetailsForm(PlainText, forms.ModelForm):
    related = PolicyChoices(queryset=None, required=False, to_field_name="uuid",
                            widget=forms.CheckboxSelectMultiple, label=_("Related policies"))

    class Meta:
        model = Policy
        fields = ["title", "category", "audience", "related"]

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        others = Policy.objects.for_setting(setting).order_by("title")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["related"].queryset = others

    def clean_title(self):
        return _no_blank(self.cleaned_data["title"], _("Give the policy a title."))


class NewPolicyForm(PolicyDetailsForm):
    body = forms.CharField(label=_("The policy"), max_length=60000,
                           widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=PolicyVersion._meta.get_field("body").help_text,
                           validators=[policy_text],
                           error_messages={"required": _("Write the policy's text.")})

    class Meta(PolicyDetailsForm.Meta):
        fields = ["title", "category", "audience", "body", "related"]

    def clean_body(self):
        return _no_blank(self.cleaned_data["body"], _("Write the policy's text."))


class DraftForm(PlainText, forms.Form):
    body = forms.CharField(label=_("The policy"), max_length=60000,
                           widget=forms.Textarea(attrs={"rows": 24}),
                           help_text=PolicyVersion._meta.get_field("body").help_text,
                           validators=[policy_text],
                           error_messages={"required": _("Write the policy's text.")})

    def clean_body(self):
        return _no_blank(self.cleaned_data["body"], _("Write the policy's text."))


class PublishForm(PlainText, forms.Form):
    adopted_on = forms.DateField(label=_("Adopted (or reviewed) at the meeting on"),
                                 widget=date_input())
    next_review_on = forms.DateField(label=_("Next review by"), widget=date_input())
    chair_name = forms.CharField(label=_("Signed by the chair (type their name)"), max_length=150)
    manager_name = forms.CharField(label=_("Signed by the manager (type their name)"),
                                   max_length=150)
    change_summary = forms.CharField(
        label=_("Summary of changes"), max_length=3000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is different from the last version, in plain words. Everyone who reads "
                  "the policy sees this."))

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        if draft is not None and draft.number == 1:
            self.fields["change_summary"].help_text = "Optional for a first version."

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        not_in_future(adopted_on)
        return adopted_on

    def clean(self):
        data = super().clean()
        adopted, review = data.get("adopted_on"), data.get("next_review_on")
        if adopted and review and review <= adopted:
            self.add_error("next_review_on", _("The next review must come after the date it was "
                                             "adopted."))
        if (self.draft is not None and self.draft.number > 1
                and not (data.get("change_summary") or "").strip()):
            self.add_error("change_summary", _("Summarise what has changed, for the people who "
                                             "read it."))
        return data

    @staticmethod
    def initial_for(user):
        today = timezone.localdate()
        return {"adopted_on": today, "next_review_on": default_next_review(today),
                "manager_name": user.full_name}


class ReviewForm(PlainText, forms.Form):
    closes_on = forms.DateField(label=_("Comments close on"), widget=date_input())
    introduction = forms.CharField(
        label=_("What would you like people to look at?"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: what you are thinking of changing, and why."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closes_on",
                                    timezone.localdate() + timedelta(days=DEFAULT_REVIEW_DAYS))

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on <= timezone.localdate():
            raise ValidationError(_("Choose a date after today, so people have time to comment."))
        at_most_days_ahead(closes_on, MAX_REVIEW_DAYS, gettext("A review"))
        return closes_on


class CommentForm(PlainText, forms.Form):
    section = forms.ChoiceField(label=_("Your comment is about"), required=False)
    body = forms.CharField(label=_("Your comment"), max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Write your comment first.")})

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole policy"))] + [
            (s, format_lazy(_("The section “{section}”"), section=s))
            for s in sections(draft.body)]

    def clean_body(self):
        return _no_blank(self.cleaned_data["body"], _("Write your comment first."))


class DecisionForm(PlainText, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[(d.value, d.label) for d in ReviewComment.Decision
                 if d != ReviewComment.Decision.PENDING])
    reply = forms.CharField(label=_("Your reply"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def clean(self):
        data = super().clean()
        if (data.get("decision") and data["decision"] != ReviewComment.Decision.ADOPTED
                and not (data.get("reply") or "").strip()):
            self.add_error("reply", _("Write a reply, so the person knows why."))
        return data


# --- Questionnaires ---------------------------------------------------------------------------

class QuestionnaireForm(PlainText, forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "introduction", "is_confidential", "closes_on"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3}), "closes_on": date_input()}

    def clean_title(self):
        return _no_blank(self.cleaned_data["title"], _("Give the questionnaire a title."))

    def clean_closes_on(self):
        closes_on = self.cleaned_data.get("closes_on")
        if closes_on is not None:
            if closes_on < timezone.localdate():
                raise ValidationError(_("This date has passed."))
            at_most_days_ahead(closes_on, MAX_QUESTIONNAIRE_DAYS, gettext("A questionnaire"))
        return closes_on


class QuestionForm(PlainText, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices,
                             widget=forms.RadioSelect, initial=Question.Kind.RATING)
    text = forms.CharField(label=_("Question"), max_length=300,
                           error_messages={"required": _("Write the question.")})
    choices = forms.CharField(label=_("Choices (one on each line)"), required=False,
                              max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Only for the kinds with a list of choices."))
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    @staticmethod
    def initial_for(question) -> dict:
        return {"kind": question.kind, "text": question.text,
                "choices": "\n".join(question.choices), "required": question.required}

    def clean_text(self):
        return _no_blank(self.cleaned_data["text"], _("Write the question."))

    def clean(self):
        data = super().clean()
        lines = [c.strip() for c in (data.get("choices") or "").splitlines() if c.strip()]
        data["choice_list"] = lines
        if data.get("kind") in (Question.Kind.CHOICE, Question.Kind.MULTIPLE) and len(lines) < 2:
            self.add_error("choices", _("Give at least two choices, one on each line."))
        return data


class AnswerForm(InputLimits, forms.Form):
    """One field per question of the questionnaire (``q<position>``)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            name = f"q{q.position}"
            common = {"label": q.text, "required": q.required}
            if q.kind == Question.Kind.RATING:
                field = forms.TypedChoiceField(
                    choices=[(n, f"{n} {label}") for n, label in RATING_LABELS.items()],
                    coerce=int, empty_value=None, widget=forms.RadioSelect, **common)
            elif q.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(choices=[(c, c) for c in q.choices],
                                          widget=forms.RadioSelect, **common)
            elif q.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=[(c, c) for c in q.choices],
                                                  widget=forms.CheckboxSelectMultiple, **common)
            else:
                field = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                                        **common)
            self.fields[name] = field
        # Free-text answers are plain text, like everything else people type.
        _plain_text_fields(self)

    def answers(self) -> dict:
        return {q: self.cleaned_data.get(f"q{q.position}") for q in self.questions}

    def clean(self):
        data = super().clean()
        if not self.errors and not any(v not in (None, "", []) for v in data.values()):
            raise ValidationError(_("Answer at least one question."))
        return data


class ActionPointForm(PlainText, forms.Form):
    you_said = forms.CharField(label=_("You said"), max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    we_did = forms.CharField(label=_("We will / we did"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean_you_said(self):
        return _no_blank(self.cleaned_data["you_said"], _("Write what families said."))

    def clean_we_did(self):
        return _no_blank(self.cleaned_data["we_did"], _("Write what you will do, or have done."))


class PublishPlanForm(PlainText, forms.Form):
    introduction = forms.CharField(label=_("A few words to introduce the plan"), max_length=2000,
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))
