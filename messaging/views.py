"""Messages: the inbox, a conversation, writing, and what staff do with a message.

Every view starts with an access helper from messaging.permissions, whose docstring states the
rule: 404 for a conversation the person does not take part in, 403 for what they see but may
not do.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from families.access import children_heard_of
from families.looks import What, looked_at
from families.models import Room
from messaging import reads, services
from messaging.forms import (
    AvailabilityForm,
    FamilyStartForm,
    InboxFilterForm,
    MessageForm,
    StaffStartForm,
)
from messaging.models import Conversation, Message
from messaging.permissions import (
    access_conversation,
    access_message,
    children_staff_write_about,
    visible_conversations,
)
from preschool.lib.downloads import stored_file
from preschool.models import Membership
from preschool.services import ServiceError

# How often an open conversation asks for new messages (htmx polling, only while the tab is
# visible: static/js/messaging.js).
POLL_SECONDS = 4
INBOX_PAGE_SIZE = 25


def _membership_or_403(request):
    membership = request.membership
    if membership is None or not (membership.is_staff_member or membership.is_family):
        raise PermissionDenied
    return membership


@login_required
@require_GET
def inbox(request):
    """The person's conversations, newest first (a practitioner's key children first), with
    their unread counts; managers see every conversation of the setting, with a filter."""
    if request.setting is None:
        return render(request, "preschool/home_no_setting.html")
    membership = _membership_or_403(request)
    conversations = visible_conversations(request.user, request.setting)
    form = InboxFilterForm(request.GET or None)
    show = form.cleaned_data["show"] if form.is_valid() else ""
    if show == "manager":
        conversations = conversations.filter(audience=Conversation.Audience.MANAGER)
    elif show == "flagged":
        conversations = conversations.filter(Exists(Message.objects.filter(
            conversation=OuterRef("pk"), flagged_at__isnull=False)))
    elif show == "rooms":
        conversations = conversations.filter(audience=Conversation.Audience.ROOM_STAFF)
    rows = reads.inbox(conversations, request.user, membership, only_unread=show == "unread")
    page = Paginator(rows, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "messaging/inbox.html", {
        "page": page, "form": form, "query": query.urlencode(), "membership": membership,
        "is_staff": membership.is_staff_member})


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """A family writes about their child to the key person or the manager; staff write to a
    child's family or to a room's staff. An existing conversation is continued."""
    if request.setting is None:
        raise PermissionDenied
    membership = _membership_or_403(request)
    data = (request.POST or None, request.FILES or None)
    chosen = request.GET.get("child", "")
    if membership.is_staff_member:
        children = list(children_staff_write_about(membership).current()
                        .select_related("room").order_by("first_name", "last_name"))
        rooms = list(Room.objects.filter(setting=request.setting))
        form = StaffStartForm(
            *data, children=children, rooms=rooms, initial={"about": f"child:{chosen}"})
    else:
        children = list(children_heard_of(request.user, request.setting).current()
                        .order_by("first_name", "last_name"))
        form = FamilyStartForm(
            *data, children=children, initial={"child": chosen})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        target = values.get("about") or values.get("child")
        if isinstance(target, Room):
            kwargs = {"room": target, "audience": Conversation.Audience.ROOM_STAFF}
        else:
            kwargs = {"child": target,
                      "audience": values.get("audience") or Conversation.Audience.KEY_PERSON}
        try:
            message = services.start(request.user, request.setting, text=values["text"],
                                     upload=values.get("file"), **kwargs)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return _after_sending(request, message)
    return render(request, "messaging/new.html", {"form": form, "membership": membership})


def _after_sending(request, message):
    messages.success(request, _("Your message is sent."))
    if not message.from_staff:
        expected = services.reply_expected(message.conversation, message.created_at)
        if expected:
            messages.info(request, expected)
    return redirect(f"{message.conversation.get_absolute_url()}#latest")


def _conversation_context(request, conversation, *, form=None, everything=False):
    membership = request.membership
    thread = reads.thread(conversation, everything=everything)
    last = thread[-1] if thread else None
    if last is not None:
        services.mark_read(request.user, conversation)
    if membership.is_staff_member and any(m.flagged_at for m in thread):
        # A message flagged to the safeguarding lead is a safeguarding record.
        looked_at(request, conversation.child, What.SAFEGUARDING, conversation)
    return {
        "conversation": conversation, "thread": thread, "last": last,
        "is_staff": membership.is_staff_member,
        "seen": reads.seen_by(conversation, request.user, last),
        "form": form or MessageForm(),
        "can_write": not (conversation.child and conversation.child.has_left)
        and (membership.is_staff_member or conversation.audience
             != Conversation.Audience.ROOM_STAFF),
        "poll_seconds": POLL_SECONDS,
        "shortened": not everything and len(thread) == reads.THREAD_LENGTH,
    }


@login_required
@require_GET
def conversation(request, conversation_uuid):
    """One conversation: its messages (families read "message withdrawn" for a withdrawn
    one), who has seen the last, and the form to reply. Opening it marks it read."""
    conversation = access_conversation(request, conversation_uuid)
    return render(request, "messaging/conversation.html", _conversation_context(
        request, conversation, everything=request.GET.get("all") == "1"))


@login_required
@require_POST
def send(request, conversation_uuid):
    conversation = access_conversation(request, conversation_uuid)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = services.send(request.user, conversation, text=form.cleaned_data["text"],
                                    upload=form.cleaned_data["file"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return _after_sending(request, message)
    return render(request, "messaging/conversation.html",
                  _conversation_context(request, conversation, form=form), status=200)


@login_required
@require_GET
def poll(request, conversation_uuid):
    """htmx, every few seconds while the page is visible: the messages since ``after`` (the
    time of the last one shown), who has seen the last, and the next poll."""
    conversation = access_conversation(request, conversation_uuid)
    try:
        after = datetime.fromisoformat(request.GET.get("after", ""))
    except ValueError:
        return HttpResponse("Give the time of the last message shown.", status=400)
    if timezone.is_naive(after):
        return HttpResponse("Give the time of the last message shown.", status=400)
    new_messages = reads.thread(conversation, after=after)
    last = conversation.last_message
    if new_messages:
        services.mark_read(request.user, conversation)
        last = new_messages[-1]
    elif last is not None and last.created_at > after:  # a clock between the two reads
        last = None
    # Rendered without the request's context processors (the navigation and its counts):
    # the partial needs only the person and the CSRF token of its forms.
    return HttpResponse(render_to_string("messaging/_poll.html", {
        "user": request.user, "csrf_token": get_token(request),
        "conversation": conversation, "new_messages": new_messages,
        "is_staff": request.membership.is_staff_member,
        "after": last.created_at.isoformat() if last else after.isoformat(),
        "seen": reads.seen_by(conversation, request.user, last) if last else [],
        "last": last, "poll_seconds": POLL_SECONDS}))


@login_required
@require_POST
def withdraw(request, message_uuid):
    """The staff author withdraws their message (within 8 days; never a flagged one)."""
    message = access_message(request, message_uuid)
    if not request.membership.is_staff_member or message.sender_id != request.user.pk:
        raise PermissionDenied
    try:
        services.withdraw(request.user, message)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The message is withdrawn: the family now reads "
                                    "“message withdrawn”. The withdrawal is kept in "
                                    "the audit log."))
    return redirect(f"{message.conversation.get_absolute_url()}#m-{message.uuid}")


@login_required
@require_POST
def flag(request, message_uuid):
    """Staff flag a message to the designated safeguarding lead."""
    message = access_message(request, message_uuid)
    if not request.membership.is_staff_member:
        raise PermissionDenied
    try:
        services.flag(request.user, message)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The message is flagged to the designated safeguarding "
                                    "lead, who has been told. It can no longer be withdrawn."))
    return redirect(f"{message.conversation.get_absolute_url()}#m-{message.uuid}")


@login_required
@require_GET
def message_file(request, message_uuid):
    """A message's photo or PDF, for those who may read the conversation (a withdrawn
    message's file is staff's only); 404 for anyone else."""
    message = access_message(request, message_uuid)
    if message.is_withdrawn and not request.membership.is_staff_member:
        raise Http404
    return stored_file(message.file, content_type=message.file_type,
                       as_attachment=not message.is_photo, filename=message.file_name)


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    """A member of staff's own working hours and out-of-office note."""
    membership = request.membership
    if membership is None or not membership.is_staff_member:
        raise PermissionDenied
    instance = Membership.objects.get(pk=membership.pk)
    form = AvailabilityForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_availability(request.user, membership, **{
                f: form.cleaned_data[f] for f in services.AVAILABILITY_FIELDS})
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your working hours are saved."))
            return redirect("messaging-inbox")
    return render(request, "messaging/availability.html", {"form": form})


