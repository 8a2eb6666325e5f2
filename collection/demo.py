"""Demo collectors for `manage.py seed_demo`: adults the families have named, and a
collection password for today (so the register shows who collects Alfie)."""

from django.utils import timezone

from collection import services
from collection.models import AuthorisedCollector, CollectionPassword
from families.models import Child
from preschool.models import User

COLLECTORS = [
    # child, named by, name, relationship, phone
    ("Oscar", "meera.patel@family.example", "Kamala Patel", "Grandmother", "07700 900321"),
    ("Leon", "kasia.nowak@family.example", "Anna Kowalska", "Aunt", "07700 900654"),
]


# child, set by, collector, relationship, password (printed nowhere: the demo's parent knows it)
TODAYS_PASSWORD = ("Alfie", "chloe.brown@family.example", "Ben Carter", "Family friend",
                   "orange balloon")


def load_demo(setting):
    _todays_password(setting)
    if AuthorisedCollector.objects.filter(setting=setting).exists():
        return
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    for first_name, email, name, relationship, phone in COLLECTORS:
        child = children.get(first_name)
        if child is None:
            continue
        adult = child.adults.filter(name=name).first()
        services.add_collector(User.objects.get(email=email), child, name=name,
                               relationship=relationship, phone=phone, child_adult=adult)


def _todays_password(setting) -> None:
    """Alfie's mother has set a password for today (once a day)."""
    first_name, email, name, relationship, secret = TODAYS_PASSWORD
    today = timezone.localdate()
    child = Child.objects.filter(setting=setting, first_name=first_name).first()
    if child is None or CollectionPassword.objects.active_on(today).filter(child=child).exists():
        return
    services.set_password(User.objects.get(email=email), child, for_date=today,
                          collector_name=name, relationship=relationship, password=secret)
