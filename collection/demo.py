"""Demo collectors for `manage.py seed_demo`: adults the families have named."""

from collection import services
from collection.models import AuthorisedCollector
from families.models import Child
from preschool.models import User

COLLECTORS = [
    # child, named by, name, relationship, phone
    ("Oscar", "meera.patel@family.example", "Kamala Patel", "Grandmother", "07700 900321"),
    ("Leon", "kasia.nowak@family.example", "Anna Kowalska", "Aunt", "07700 900654"),
]


def load_demo(setting):
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
