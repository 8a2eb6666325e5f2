"""Who is told about a child's progress: the family when an assessment is shared with them,
the key person and back-up when the family comments. Through ``notifications.notify``, which
tells only those who may hear of the child."""

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from learning_journal.notify import family_recipients, staff_recipients
from notifications.models import Category
from notifications.services import notify


def assessment_shared(actor, assessment) -> None:
    child = assessment.child
    recipients = family_recipients(child, exclude=actor)
    notify(setting=child.setting, recipients=recipients, category=Category.PROGRESS,
           title=lazy(lambda: _("%(name)s's progress at %(point)s is ready to read")
                      % {"name": child.known_as, "point": assessment.point.name}, str)(),
           url=reverse("progress-summary", args=[assessment.uuid]), child=child)


def family_commented(actor, assessment) -> None:
    child = assessment.child
    recipients = staff_recipients(child, exclude=actor, also=[assessment.recorded_by])
    notify(setting=child.setting, recipients=recipients, category=Category.PROGRESS,
           title=lazy(lambda: _("%(person)s commented on %(name)s's progress")
                      % {"person": actor.full_name, "name": child.known_as}, str)(),
           url=reverse("progress-assessment", args=[assessment.uuid]), child=child)
