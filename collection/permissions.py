"""Who may do what about collection.

- Staff of the setting sign children out, check collection passwords at the door and see the
  late collections. They also see who must not collect a child (court or safeguarding
  restrictions); families never do.
- Adults who may change the child's record (staff, and family members with parental
  responsibility or who live with the child) name and remove collectors.
- Only a parent - an adult linked to the child with parental responsibility AND the right to
  receive information - sets or cancels a collection password, after re-authenticating.
- Everyone who may see the child (staff, and adults with the right to information) sees the
  collectors page and collectors' photos.

Answers follow the portal's convention: another setting's object, or one the person may not
see, is 404; a visible object the person may not change is 403.
"""

from functools import wraps

import rules
from allauth.account.decorators import reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from attendance.permissions import can_record_attendance, child_is_current, visible_child_object
from families.access import has_parental_responsibility, is_carer_of_child, is_staff_of_child
from preschool.permissions import parse_uuid

rules.add_perm("collection.manage_collectors",
               child_is_current & (is_staff_of_child | is_carer_of_child))
rules.add_perm("collection.set_password", child_is_current & has_parental_responsibility)
rules.add_perm("collection.sign_out", can_record_attendance)


def _require(perm, request, obj):
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def access_collector(request, child, collector_uuid):
    """One of ``child``'s named collectors (404 for any other)."""
    collector = child.authorised_collectors.filter(uuid=parse_uuid(collector_uuid)).first()
    if collector is None:
        raise Http404
    return collector


def access_collector_photo(request, collector_uuid):
    """A collector of a child the person may see (staff of the setting, the child's family with
    the right to information); 404 for anyone else."""
    from collection.models import AuthorisedCollector

    return visible_child_object(request, AuthorisedCollector.objects.all(), collector_uuid)


def access_password(request, password_uuid):
    """A collection password of a child the person may see (404 otherwise), for a parent with
    parental responsibility (403 for others who see the child)."""
    from collection.models import CollectionPassword

    password = visible_child_object(request, CollectionPassword.objects.all(), password_uuid)
    _require("collection.set_password", request, password.child)
    return password


def access_record_for_sign_out(request, record_uuid):
    """A register row of the current setting, for staff who keep the register (403 for the
    child's family, 404 for anyone else)."""
    from attendance.permissions import access_record

    record = access_record(request, record_uuid)
    _require("collection.sign_out", request, request.setting)
    return record


def sensitive_action(view):
    """allauth's ``reauthentication_required`` (docs/architecture.md, "Tenancy and access"),
    made safe for forms that carry a secret.

    When re-authentication is due, allauth keeps the request - for a POST, its body - in the
    session so that it can replay it afterwards. The body of a collection password form holds
    the password, which must never be stored. So a POST that arrives after the
    re-authentication has lapsed is not kept: the person is sent back to the (empty) form,
    where allauth asks for their password first.
    """
    protected = reauthentication_required(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return protected(request, *args, **kwargs)
        except ReauthenticationRequired:
            if request.method != "POST":
                raise
            messages.warning(request, _("For your security, please confirm your password "
                                        "again, then fill in the form again. Nothing was saved."))
            return redirect(request.path)
    return wrapped
