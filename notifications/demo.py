"""Demo notifications for `manage.py seed_demo`: a few unread for the demo people, so the bell
shows a count and the homes list what needs them (the journal's demo adds those its comments
and wow moments make). Made once: loading again adds nothing."""

from django.urls import reverse

from families.models import Child
from notifications.models import Category, Notification
from notifications.services import notify
from preschool.models import User

# recipient, category, title, child's first name (or None), where it leads
DEMO = [
    ("sophie.thompson@family.example", Category.CONSENT, "Consent forms to answer", None,
     "consents"),
    ("sophie.thompson@family.example", Category.COMMENT,
     "Grace Okafor commented on an observation in Amelia's journal", "Amelia", "child"),
    ("sophie.thompson@family.example", Category.POLICY_REVIEW,
     "Working in partnership with parents and carers: open for your comments", None,
     "policies"),
    ("helen.carter@acorns.example", Category.COMPLAINT, "New: a suggestion about the garden",
     None, "complaints"),
    ("helen.carter@acorns.example", Category.MEETING, "Leo's family asked to meet his key person",
     "Leon", "child"),
]


def load_demo(setting) -> None:
    made = set(Notification.objects.filter(setting=setting, title__in=[row[2] for row in DEMO])
               .values_list("recipient__email", "title"))
    users = {u.email: u for u in User.objects.filter(email__in={row[0] for row in DEMO})}
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    urls = {"consents": reverse("consents-overview"), "policies": reverse("policies-list"),
            "complaints": reverse("complaints-list")}
    for email, category, title, first_name, where in DEMO:
        child = children.get(first_name) if first_name else None
        if email not in users or (first_name and child is None) or (email, title) in made:
            continue
        url = child.get_absolute_url() if child is not None else urls[where]
        # The demo's notifications stay in the portal: no email is printed for them.
        notify(setting=setting, recipients=[users[email]], category=category, title=title,
               url=url, child=child, emailed_by_app=True)
