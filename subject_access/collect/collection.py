"""Collection: the adults the family named to collect the child, the day's collection
passwords (who set them, for whom, when checked and used: never the password nor its hash),
each check of one at the door, and late collections.

Withheld: the photos of the adults named to collect (pictures of other people).
"""

from django.utils.translation import gettext, ngettext

from collection.models import (
    AuthorisedCollector,
    CollectionPassword,
    LateCollection,
    PasswordAttempt,
)
from subject_access.collect.rows import linked_children, row, with_people
from subject_access.parts import Part


def for_child(child, recipient) -> Part:
    part = Part("collection", gettext("Collection"))
    collectors = list(with_people(AuthorisedCollector.objects.filter(child=child)))
    part.records += [row(c, skip=("child", "child_adult"), record_type="authorised_collector")
                     for c in collectors]
    part.records += [row(p, skip=("child", "used_record"), record_type="collection_password",
                         status=p.status)
                     for p in with_people(CollectionPassword.objects.filter(child=child))]
    part.records += [row(a, skip=("child", "password"), record_type="password_check")
                     for a in with_people(PasswordAttempt.objects.filter(child=child))]
    part.records += [row(late, skip=("child", "record"), record_type="late_collection")
                     for late in with_people(LateCollection.objects.filter(child=child))]
    photos = sum(1 for c in collectors if c.photo)
    if photos:
        part.withheld.append(ngettext(
            "%(count)d photo of an adult named to collect withheld: it is that person's data.",
            "%(count)d photos of adults named to collect withheld: they are those people's "
            "data.", photos) % {"count": photos})
    return part


def for_adult(user, setting) -> Part:
    part = Part("collection", gettext("Collection"))
    own = linked_children(user, setting)
    part.records += [row(c, skip=("child", "child_adult"), record_type="authorised_collector",
                         child=c.child.full_name)
                     for c in with_people(AuthorisedCollector.objects.filter(
                         added_by=user, child__in=own), "child")]
    part.records += [row(p, skip=("child", "used_record"), record_type="collection_password",
                         child=p.child.full_name, status=p.status)
                     for p in with_people(CollectionPassword.objects.filter(
                         set_by=user, child__in=own), "child")]
    return part
