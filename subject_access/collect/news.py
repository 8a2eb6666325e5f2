"""News: the posts sent to the child's family by name, and the photos of posts that show the
child (the photo consent rule decides, as for the journal's photos:
``learning_journal.visibility.visible_pictures``; with no account, only photos showing no
other child). For an adult: the posts they read and acknowledged.

Withheld: a photo that shows another child whose family has not agreed to it being seen by
other families.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from families.models import Child
from learning_journal.visibility import visible_pictures
from news.models import Acknowledgement, Post, PostPhoto, PostRead
from subject_access.collect.rows import is_family_recipient, row, value, with_people
from subject_access.parts import BundleFile, Part

POST_SKIP = ("room", "withdrawn_by", "withdrawn_reason")


def for_child(child, recipient) -> Part:
    part = Part("news", gettext("News"))
    part.records += [row(p, skip=POST_SKIP, record_type="post")
                     for p in with_people(Post.objects.filter(
                         children=child, published_at__isnull=False))]
    photos = list(PostPhoto.objects.filter(children_shown=child,
                                           post__published_at__isnull=False)
                  .select_related("post")
                  .prefetch_related(Prefetch("children_shown",
                                             queryset=Child.objects.only("pk"))))
    shown = {photo.pk: {c.pk for c in photo.children_shown.all()} for photo in photos}
    if is_family_recipient(child, recipient):
        allowed = visible_pictures(shown, recipient, child.setting)
    else:
        allowed = {key for key, ids in shown.items() if ids <= {child.pk}}
    for photo in photos:
        if photo.pk not in allowed:
            continue
        file = BundleFile(f"news/{photo.created_at:%Y-%m-%d}-{photo.uuid.hex[:8]}.jpg",
                          file=photo.file)
        part.files.append(file)
        part.records.append(row(photo, skip=("post",), record_type="post_photo",
                                post=photo.post.title, file=file.path))
    left = len(photos) - len(allowed & set(shown))
    if left:
        part.withheld.append(ngettext(
            "%(count)d photo withheld: it shows another child whose family has not agreed to "
            "it being seen by other families.",
            "%(count)d photos withheld: they show other children whose families have not "
            "agreed to them being seen by other families.", left) % {"count": left})
    return part


def for_adult(user, setting) -> Part:
    part = Part("news", gettext("News"))
    part.records += [{"record_type": "post_read", "post": r.post.title,
                      "read_at": value(r.read_at)}
                     for r in PostRead.objects.filter(user=user, post__setting=setting)
                     .select_related("post")]
    part.records += [{"record_type": "post_acknowledged", "post": a.post.title,
                      "acknowledged_at": value(a.acknowledged_at)}
                     for a in Acknowledgement.objects.filter(user=user, post__setting=setting)
                     .select_related("post")]
    return part
