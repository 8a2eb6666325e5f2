"""Policies (library, versions, read confirmations, reviews with comments) and questionnaires.

Every view starts with an access helper from policies.permissions (or ``require_perm``), whose
docstring states the rule: 404 for what the person may not see, 403 for what they see but may
not change.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from policies import services
from policies.defaults import ensure_default_policies
from policies.forms import (
    ActionPointForm,
    AnswerForm,
    CommentForm,
    DecisionForm,
    DraftForm,
    NewPolicyForm,
    PolicyDetailsForm,
    PublishForm,
    PublishPlanForm,
    QuestionForm,
    QuestionnaireForm,
    ReviewForm,
)
from policies.models import (
    HasAnswered,
    Policy,
    PolicyVersion,
    Questionnaire,
    ReadConfirmation,
    Review,
    ReviewComment,
)
from policies.permissions import (
    access_comment_to_decide,
    access_policy,
    access_question,
    access_questionnaire,
    access_review,
    access_version,
    visible_policies,
)
from policies.results import summarise
from preschool.lib.downloads import download
from preschool.lib.pdf import render_pdf
from preschool.lib.text import sections
from preschool.permissions import require_perm
from preschool.services import ServiceError


def _manages(request) -> bool:
    return bool(request.membership and request.membership.can_manage_policies)


def _annotated(policies, user):
    """Policies with what the list pages show, in a fixed number of queries."""
    return (policies.select_related("current_version")
            .annotate(
                open_review=Subquery(Review.objects.open().filter(policy=OuterRef("pk"))
                                     .values("uuid")[:1]),
                has_draft=Exists(PolicyVersion.objects.filter(policy=OuterRef("pk"),
                                                              published_at__isnull=True)),
                confirmed=Exists(ReadConfirmation.objects.filter(
                    version=OuterRef("current_version"), user=user)))
            .order_by("category", "title"))


# --- The library ------------------------------------------------------------------------------

@login_required
@require_GET
def policy_list(request):
    """The setting's policies by category. Managers also see drafts, review dates and open
    reviews; the first time a manager opens it, the default policies are created as drafts."""
    if request.setting is None:
        return render(request, "preschool/home_no_setting.html")
    manage = _manages(request)
    if manage and not Policy.objects.for_setting(request.setting).exists():
        created = ensure_default_policies(request.setting, request.user)
        if created:
            titles = [f"“{p.title}”" for p in created]
            if len(titles) == 1:
                text = _("To start you off, we have added %(titles)s as drafts. Read them, make "
                         "them your own, then publish them.") % {"titles": titles[0]}
            else:
                text = _("To start you off, we have added %(titles)s and %(last)s as drafts. "
                         "Read them, make them your own, then publish them.") % {
                    "titles": " and ".join(titles[:-1]), "last": titles[-1]}
            messages.info(request, text)
    policies = list(_annotated(visible_policies(request), request.user))
    groups = [(Policy.Category(key).label, list(items))
              for key, items in groupby(policies, key=lambda p: p.category)]
    to_confirm = [] if manage else [p for p in policies if not p.confirmed]
    reviews = [p for p in policies if p.open_review]
    return render(request, "policies/list.html", {
        "groups": groups, "manage": manage, "to_confirm": to_confirm, "reviews": reviews,
        "today": timezone.localdate()})


@login_required
@require_perm("policies.manage")
def policy_new(request):
    form = NewPolicyForm(request.POST or None, setting=request.setting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            policy = services.create_policy(
                request.user, request.setting, title=data["title"], category=data["category"],
                audience=data["audience"], body=data["body"], related=data["related"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The policy is saved as a draft. Publish it once it has "
                                      "been adopted."))
            return redirect(policy)
    return render(request, "policies/form.html", {"form": form, "title": _("New policy")})


@login_required
@require_GET
def policy_detail(request, policy_uuid):
    """The current version of a policy, its history and related policies; the reader confirms
    they have read it here. Managers also see the draft, reviews and who has read it."""
    policy = access_policy(request, policy_uuid)
    manage = _manages(request)
    version = policy.current_version
    history = (policy.versions.filter(published_at__isnull=False)
               .select_related("published_by").order_by("-number"))
    related = _annotated(visible_policies(request).filter(related=policy), request.user)
    review = (Review.objects.open().filter(policy=policy).select_related("draft").first())
    context = {
        "policy": policy, "version": version, "manage": manage, "history": history,
        "related": related, "review": review,
        "confirmed": version is not None and not manage and ReadConfirmation.objects.filter(
            version=version, user=request.user).exists(),
    }
    if manage:
        context["draft"] = services.draft_of(policy)
        context["past_reviews"] = (policy.reviews.filter(closed_at__isnull=False)
                                   .annotate(comment_count=Count("comments")))
    return render(request, "policies/detail.html", context)


@login_required
@require_GET
def version_detail(request, version_uuid):
    """One version of a policy, as it was published (drafts for managers only)."""
    version = access_version(request, version_uuid)
    return render(request, "policies/version.html", {
        "version": version, "policy": version.policy, "manage": _manages(request)})


def _printable(request, policy_uuid):
    policy = access_policy(request, policy_uuid)
    if policy.current_version is None:
        raise Http404("This policy has not been published yet.")
    return policy


@login_required
@require_GET
def policy_print(request, policy_uuid):
    """The current version on a plain page, for printing."""
    policy = _printable(request, policy_uuid)
    return render(request, "policies/print.html", {"policy": policy,
                                                   "version": policy.current_version})


@login_required
@require_GET
def policy_pdf(request, policy_uuid):
    policy = _printable(request, policy_uuid)
    pdf = render_pdf("pdf/policies_policy.html", {
        "setting": request.setting, "policy": policy, "version": policy.current_version,
        "title": policy.title, "generated_at": timezone.now()})
    name = slugify(policy.title) or "policy"
    return download(pdf, content_type="application/pdf", inline=True,
                    filename=f"{name}-v{policy.current_version.number}.pdf")


@login_required
def policy_edit(request, policy_uuid):
    """Title, category, audience and related policies (the text changes through a draft)."""
    policy = access_policy(request, policy_uuid, for_change=True)
    form = PolicyDetailsForm(request.POST or None, instance=Policy.objects.get(pk=policy.pk),
                             setting=request.setting,
                             initial={"related": [p.uuid for p in policy.related.all()]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_policy_details(
                request.user, policy, title=data["title"], category=data["category"],
                audience=data["audience"], related=data["related"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(policy)
    return render(request, "policies/form.html", {"form": form, "policy": policy,
                                                  "title": _("About “%(title)s”") % {
                                                      "title": policy.title}})


@login_required
def policy_draft(request, policy_uuid):
    """Write the next version (it starts as a copy of the current one)."""
    policy = access_policy(request, policy_uuid, for_change=True)
    draft = services.draft_of(policy)
    body = draft.body if draft else (policy.current_version.body
                                     if policy.current_version else "")
    form = DraftForm(request.POST or None, initial={"body": body})
    review = Review.objects.open().filter(policy=policy).first()
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(request.user, policy, body=form.cleaned_data["body"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(review if review else policy)
    return render(request, "policies/draft.html", {"form": form, "policy": policy,
                                                   "draft": draft, "review": review})


@login_required
def policy_publish(request, policy_uuid):
    """Publish the draft as the new current version, signed by the chair and the manager."""
    policy = access_policy(request, policy_uuid, for_change=True)
    draft = services.draft_of(policy)
    if draft is None:
        messages.error(request, _("There is no new version to publish: change the text first."))
        return redirect(policy)
    form = PublishForm(request.POST or None, draft=draft,
                       initial=PublishForm.initial_for(request.user))
    review = Review.objects.open().filter(policy=policy).annotate(
        waiting=Count("comments", filter=Q(comments__decision=ReviewComment.Decision.PENDING))
    ).first()
    if request.method == "POST" and form.is_valid():
        try:
            services.publish(request.user, policy, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Version %(number)s is published. Everyone it concerns "
                                        "is asked to confirm they have read it.")
                             % {"number": draft.number})
            return redirect(policy)
    return render(request, "policies/publish.html", {"form": form, "policy": policy,
                                                     "draft": draft, "review": review})


@login_required
@require_POST
def policy_confirm(request, policy_uuid):
    """The reader confirms they have read and understood the current version."""
    policy = access_policy(request, policy_uuid)
    try:
        services.confirm_read(request.user, policy)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you for confirming you have read it."))
    return redirect(policy)


@login_required
@require_GET
def policy_readers(request, policy_uuid):
    """Who has confirmed they have read the current version, and who has not yet."""
    policy = access_policy(request, policy_uuid, for_change=True)
    version = policy.current_version
    readers = []
    if version is not None:
        readers = list(services.readers_of(policy).annotate(
            confirmed_at=Subquery(ReadConfirmation.objects.filter(
                version=version, user=OuterRef("user")).values("confirmed_at")[:1]))
            .order_by("role", "user__full_name"))
    done = [m for m in readers if m.confirmed_at]
    waiting = [m for m in readers if not m.confirmed_at]
    return render(request, "policies/readers.html", {
        "policy": policy, "version": version, "done": done, "waiting": waiting,
        "total": len(readers)})


@login_required
@require_POST
def policy_chase(request, policy_uuid):
    policy = access_policy(request, policy_uuid, for_change=True)
    try:
        count = services.chase_readers(request.user, policy)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ngettext(
            "A reminder is on its way to %(count)s person.",
            "A reminder is on its way to %(count)s people.", count) % {"count": count})
    return redirect("policies-readers", policy.uuid)


# --- Reviews ------------------------------------------------------------------------------------

@login_required
def review_open(request, policy_uuid):
    """Open the policy's next version to comments from its readers for a period."""
    policy = access_policy(request, policy_uuid, for_change=True)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.open_review(request.user, policy,
                                          **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The review is open. Everyone who reads this policy has "
                                      "been invited to comment."))
            return redirect(review)
    return render(request, "policies/review_open.html", {"form": form, "policy": policy})


def _review_context(request, review, comment_form=None):
    manage = _manages(request)
    draft = review.draft
    # Managers answer comments rather than write them.
    can_comment = (review.is_taking_comments and not manage
                   and request.membership.can_comment_on_policy_reviews)
    context = {
        "review": review, "policy": review.policy, "draft": draft, "manage": manage,
        "can_comment": can_comment,
        "comment_form": comment_form or (CommentForm(draft=draft) if can_comment else None),
        "mine": review.comments.filter(author=request.user).select_related("decided_by")
        .order_by("created_at"),
    }
    if manage:
        comments = list(review.comments.select_related("author", "decided_by")
                        .order_by("section", "created_at"))
        order = {s: i for i, s in enumerate(sections(draft.body))}
        comments.sort(key=lambda c: (order.get(c.section, -1 if not c.section else 10**6),
                                     c.section, c.created_at))
        context["collated"] = [
            (section or _("The whole policy"), [(c, DecisionForm(prefix=str(c.uuid), initial={
                "decision": c.decision if c.decision != "pending" else None,
                "reply": c.reply})) for c in items])
            for section, items in groupby(comments, key=lambda c: c.section)]
        context["counts"] = {d: sum(1 for c in comments if c.decision == d)
                             for d in ReviewComment.Decision.values}
        context["comment_total"] = len(comments)
    return context


@login_required
@require_GET
def review_detail(request, review_uuid):
    """The draft under review. Readers comment and see what became of their own comments;
    managers see every comment collated by section and decide on each."""
    review = access_review(request, review_uuid)
    return render(request, "policies/review.html", _review_context(request, review))


@login_required
@require_POST
def review_comment(request, review_uuid):
    review = access_review(request, review_uuid)
    form = CommentForm(request.POST, draft=review.draft)
    if form.is_valid():
        try:
            services.add_comment(request.user, review, section=form.cleaned_data["section"],
                                 body=form.cleaned_data["body"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: your comment is sent. We will tell you what "
                                      "became of it when the new version is published."))
            return redirect(reverse("policies-review", args=[review.uuid]) + "#your-comments")
    return render(request, "policies/review.html",
                  _review_context(request, review, comment_form=form))


@login_required
@require_POST
def comment_decide(request, comment_uuid):
    """The manager marks a comment adopted, answered or declined, with a reply."""
    comment = access_comment_to_decide(request, comment_uuid)
    form = DecisionForm(request.POST, prefix=str(comment.uuid))
    url = reverse("policies-review", args=[comment.review.uuid]) + f"#comment-{comment.uuid}"
    if not form.is_valid():
        errors = "; ".join(e for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
        return redirect(url)
    try:
        services.decide_comment(request.user, comment, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision saved."))
    return redirect(url)


# --- Questionnaires ------------------------------------------------------------------------

@login_required
@require_GET
@require_perm("policies.see_questionnaires")
def questionnaire_list(request):
    """Managers: every questionnaire with its number of answers. Families: those sent to
    them, whether they have answered, and published "you said, we did" plans."""
    questionnaires = Questionnaire.objects.for_setting(request.setting)
    if _manages(request):
        questionnaires = questionnaires.annotate(answers=Count("responses"))
        return render(request, "policies/questionnaires.html", {
            "questionnaires": questionnaires, "manage": True})
    questionnaires = questionnaires.sent().annotate(answered=Exists(
        HasAnswered.objects.filter(questionnaire=OuterRef("pk"), user=request.user)))
    return render(request, "policies/questionnaires.html", {
        "questionnaires": questionnaires, "manage": False})


@login_required
@require_perm("policies.manage_questionnaires")
def questionnaire_new(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.create_questionnaire(request.user, request.setting,
                                                          **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Now add the questions."))
            return redirect(questionnaire)
    return render(request, "policies/form.html", {"form": form, "title": _("New questionnaire")})


def _questionnaire_context(request, questionnaire, **forms):
    context = {"questionnaire": questionnaire, "manage": _manages(request),
               "questions": list(questionnaire.questions.all()),
               "points": questionnaire.action_points.all()}
    if context["manage"]:
        context.update({
            "question_form": forms.get("question_form") or QuestionForm(),
            "point_form": forms.get("point_form") or ActionPointForm(),
            "plan_form": forms.get("plan_form") or PublishPlanForm(),
            "answer_count": questionnaire.responses.count()})
    else:
        context["answered"] = HasAnswered.objects.filter(questionnaire=questionnaire,
                                                         user=request.user).exists()
        if questionnaire.is_open and not context["answered"]:
            context["answer_form"] = forms.get("answer_form") or AnswerForm(
                questions=context["questions"])
    return context


@login_required
@require_GET
def questionnaire_detail(request, questionnaire_uuid):
    """Managers build, send and close it; families answer it once, then read the plan."""
    questionnaire = access_questionnaire(request, questionnaire_uuid)
    return render(request, "policies/questionnaire.html",
                  _questionnaire_context(request, questionnaire))


def _questionnaire_action(request, questionnaire, form, action, success, form_name):
    """A form with bad input comes back with its errors; a refusal of the service (already
    answered, closed) is a message on the questionnaire's page. Nothing changes."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
        return redirect(questionnaire)
    return render(request, "policies/questionnaire.html",
                  _questionnaire_context(request, questionnaire, **{form_name: form}))


@login_required
@require_POST
def question_add(request, questionnaire_uuid):
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=True)
    return _questionnaire_action(
        request, questionnaire, QuestionForm(request.POST),
        lambda d: services.add_question(request.user, questionnaire, kind=d["kind"],
                                        text=d["text"], choices=d["choice_list"],
                                        required=d["required"]),
        _("The question is added."), "question_form")


def _questions_url(questionnaire) -> str:
    return reverse("policies-questionnaire", args=[questionnaire.uuid]) + "#questions-heading"


@login_required
def question_edit(request, questionnaire_uuid, question_uuid):
    """Change a question while the questionnaire is a draft. Once it is sent the questions
    are locked, so every family answers the same ones: the manager is sent back to it with
    a message, and nothing changes."""
    question = access_question(request, questionnaire_uuid, question_uuid, for_change=True)
    questionnaire = question.questionnaire
    if questionnaire.status != Questionnaire.Status.DRAFT:
        messages.error(request, _(services.QUESTIONS_LOCKED))
        return redirect(questionnaire)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_question(request.user, question, kind=data["kind"],
                                     text=data["text"], choices=data["choice_list"],
                                     required=data["required"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Question %(number)s is saved.")
                             % {"number": question.position})
            return redirect(_questions_url(questionnaire))
    return render(request, "policies/question_edit.html", {
        "questionnaire": questionnaire, "question": question, "form": form})


@login_required
@require_POST
def question_remove(request, questionnaire_uuid, question_uuid):
    """Remove a question (and its choices) while the questionnaire is a draft."""
    question = access_question(request, questionnaire_uuid, question_uuid, for_change=True)
    try:
        services.remove_question(request.user, question)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The question “%(question)s” is removed.")
                         % {"question": question.text})
    return redirect(_questions_url(question.questionnaire))


@login_required
@require_POST
def questionnaire_send(request, questionnaire_uuid):
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=True)
    try:
        count = services.send_questionnaire(request.user, questionnaire)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ngettext("Sent to %(count)s family.",
                                           "Sent to %(count)s families.", count)
                         % {"count": count})
    return redirect(questionnaire)


@login_required
@require_POST
def questionnaire_close(request, questionnaire_uuid):
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=True)
    try:
        services.close_questionnaire(request.user, questionnaire)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Closed: no more answers are taken."))
    return redirect(questionnaire)


@login_required
@require_POST
def questionnaire_answer(request, questionnaire_uuid):
    """A family member answers (once; managers get 403: they ask, families answer)."""
    questionnaire = access_questionnaire(request, questionnaire_uuid)
    if _manages(request):
        raise PermissionDenied
    form = AnswerForm(request.POST, questions=questionnaire.questions.all())
    return _questionnaire_action(
        request, questionnaire, form,
        lambda d: services.submit_answers(request.user, questionnaire, form.answers()),
        _("Thank you: your answers are sent."), "answer_form")


@login_required
@require_GET
def questionnaire_results(request, questionnaire_uuid):
    """The answers summarised, with bars; confidential answers name nobody."""
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=True)
    total, results = summarise(questionnaire)
    families = services.families_of(questionnaire.setting).count()
    return render(request, "policies/results.html", {
        "questionnaire": questionnaire, "total": total, "results": results,
        "families": families,
        "respondents": None if questionnaire.is_confidential else
        questionnaire.responses.select_related("respondent").order_by("respondent__full_name")})


@login_required
@require_POST
def action_point_add(request, questionnaire_uuid):
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=True)
    return _questionnaire_action(
        request, questionnaire, ActionPointForm(request.POST),
        lambda d: services.add_action_point(request.user, questionnaire, **d),
        _("Added to the plan."), "point_form")


@login_required
@require_POST
def action_plan_publish(request, questionnaire_uuid):
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=True)
    return _questionnaire_action(
        request, questionnaire, PublishPlanForm(request.POST),
        lambda d: services.publish_action_plan(request.user, questionnaire,
                                               **d),
        _("The plan is published to families."), "plan_form")
