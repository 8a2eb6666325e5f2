"""The demo pre-schools that `make run` loads: fictional people, realistic situations."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django_scopes import scope

from attendance import demo as attendance_demo
from collection import demo as collection_demo
from consents.services import ensure_default_forms
from events import demo as events_demo
from families.models import Allergy, Child, ChildAdult, Room
from keyperson.models import Assignment
from learning_journal import demo as journal_demo
from messaging import demo as messaging_demo
from news import demo as news_demo
from notifications import demo as notifications_demo
from policies.defaults import ensure_default_policies
from preschool.models import Membership, Role, Setting, User
from progress import demo as progress_demo

DEMO_PASSWORD = "acorns-demo-2026"  # noqa: S105 - printed for the local demo on purpose


def months_ago(today: date, months: int, days: int = 0) -> date:
    year, month = divmod(today.month - 1 - months, 12)
    day = min(today.day, 28)
    return date(today.year + year, month + 1, day) - timedelta(days=days)


@dataclass
class Adult:
    name: str
    relationship: str
    email: str | None = None
    parental_responsibility: bool = True
    receives_information: bool = True
    lives_with: bool = True
    emergency: bool = True
    may_collect: bool = True
    organisation: bool = False
    restriction: str = ""
    language: str = "en"
    committee: bool = False


@dataclass
class DemoChild:
    first: str
    last: str
    age_months: int
    room: str
    adults: list[Adult] = field(default_factory=list)
    preferred: str = ""
    languages: str = "English"
    eal: bool = False
    looked_after: bool = False
    shared_care: bool = False
    key_person: str = ""
    backup: str = ""
    allergies: list[tuple[str, str, str]] = field(default_factory=list)
    medical: str = ""
    diet: str = ""
    registered: bool = True
    sex: str = ""
    funded_two: bool = False
    pupil_premium: bool = False


ACORNS_STAFF = [
    ("helen.carter@acorns.example", "Helen Carter", Role.MANAGER, "Manager", False),
    ("priya.shah@acorns.example", "Priya Shah", Role.PRACTITIONER, "Deputy and SENCO", True),
    ("tom.baker@acorns.example", "Tom Baker", Role.PRACTITIONER, "Early years practitioner",
     False),
    ("grace.okafor@acorns.example", "Grace Okafor", Role.PRACTITIONER, "Room leader", False),
]

ACORNS_CHILDREN = [
    DemoChild("Amelia", "Thompson", 38, "Butterflies", sex="female",
              key_person="grace.okafor",
              backup="tom.baker",
              allergies=[("Peanuts", "anaphylaxis",
                           "Adrenaline pen (in the office first-aid box): use it, call 999, "
                           "then call Mum.")],
              adults=[
        Adult("Sophie Thompson", "Mother", "sophie.thompson@family.example"),
        Adult("James Thompson", "Father", None),
        Adult("Linda Evans", "Childminder", "linda.evans@family.example",
              parental_responsibility=False, receives_information=False, lives_with=False,
              emergency=False),
    ]),
    DemoChild("Leon", "Nowak", 33, "Caterpillars", sex="male",
              key_person="priya.shah",
              backup="grace.okafor",
              adults=[
        Adult("Katarzyna Nowak", "Mother", "kasia.nowak@family.example", language="pl"),
        Adult("Piotr Nowak", "Father", None, language="pl"),
    ], preferred="Leo", languages="Polish, English", eal=True),
    DemoChild("Isla", "Hughes", 23, "Caterpillars", sex="female",
              key_person="priya.shah",
              registered=False,
              adults=[
        Adult("Rachel Hughes", "Mother", "rachel.hughes@family.example"),
    ]),
    DemoChild("Noah", "Ahmed", 41, "Butterflies", sex="male",
              key_person="tom.baker",
              backup="grace.okafor",
              diet="Halal meat only.",
              adults=[
        Adult("Aisha Ahmed", "Mother", "aisha.ahmed@family.example"),
        Adult("Omar Ahmed", "Father", "omar.ahmed@family.example"),
    ], languages="English, Arabic", shared_care=True),
    DemoChild("Ruby", "Clarke", 30, "Caterpillars", sex="female", funded_two=True,
              pupil_premium=True,
              key_person="priya.shah",
              backup="tom.baker",
              medical="Eczema: emollient cream after washing hands (provided by her foster carer).",
              adults=[
        Adult("Jane Wilson", "Foster carer", "jane.wilson@family.example",
              parental_responsibility=False),
        Adult("Northshire Children's Services", "Local authority (corporate parent)", None,
              lives_with=False, may_collect=False, organisation=True),
        Adult("Darren Clarke", "Birth father", None, receives_information=False,
              lives_with=False, emergency=False, may_collect=False,
              restriction="Court order: no contact and no information to be shared. If he "
                          "comes to the setting, do not release Ruby; call the manager and "
                          "Ruby's social worker."),
    ], looked_after=True),
    DemoChild("Oscar", "Patel", 50, "Butterflies", sex="male",
              key_person="grace.okafor",
              diet="Vegetarian: no meat, fish or eggs.",
              adults=[
        Adult("Meera Patel", "Mother", "meera.patel@family.example"),
        Adult("Kamala Patel", "Grandmother", None, parental_responsibility=False,
              receives_information=False, lives_with=False),
    ], languages="English, Gujarati"),
    DemoChild("Freya", "Jones", 30, "Caterpillars", sex="female", funded_two=True,
              key_person="tom.baker",
              allergies=[("Cow's milk", "moderate",
                           "Oat milk instead; if she has dairy by mistake, watch for a rash "
                           "and call Dad.")],
              adults=[
        Adult("Gareth Jones", "Father", "gareth.jones@family.example"),
    ]),
    DemoChild("Alfie", "Brown", 44, "Butterflies", sex="male", pupil_premium=True, adults=[
        Adult("Chloe Brown", "Mother", "chloe.brown@family.example", committee=True),
    ]),
]

RIVERSIDE_STAFF = [
    ("mark.davies@riverside.example", "Mark Davies", Role.MANAGER, "Manager", False),
    ("ellie.ward@riverside.example", "Ellie Ward", Role.PRACTITIONER, "Practitioner", False),
]
RIVERSIDE_CHILDREN = [
    DemoChild("Harry", "Green", 36, "Rainbow Room", sex="male", key_person="ellie.ward", adults=[
        Adult("Lucy Green", "Mother", "lucy.green@family.example"),
    ]),
]


def _user(email, name, language="en"):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name,
                                        preferred_language=language)
    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"verified": True, "primary": True})
    return user


def _member(user, setting, role, job_title="", senco=False, committee=False):
    membership = Membership.objects.active().filter(user=user, setting=setting).first()
    if membership is None:
        membership = Membership.objects.create(user=user, setting=setting, role=role,
                                               job_title=job_title, is_senco=senco,
                                               is_committee_member=committee)
    return membership


def _load_setting(setting_fields, staff, children, today):
    setting, _ = Setting.objects.get_or_create(slug=setting_fields["slug"],
                                               defaults=setting_fields)
    with scope(setting=setting):
        _load_people(setting, staff, children, today)
    return setting


def _load_people(setting, staff, children, today):
    for email, name, role, title, senco in staff:
        _member(_user(email, name), setting, role, title, senco)
    manager = User.objects.get(email=staff[0][0])
    for spec in children:
        room, _ = Room.objects.get_or_create(setting=setting, name=spec.room)
        child = Child.objects.filter(setting=setting, first_name=spec.first,
                                     last_name=spec.last).first()
        if child is None:
            child = Child.objects.create(
                setting=setting, room=room, first_name=spec.first, last_name=spec.last,
                preferred_name=spec.preferred, date_of_birth=months_ago(today, spec.age_months),
                start_date=months_ago(today, max(spec.age_months - 24, 1)),
                home_languages=spec.languages, english_additional_language=spec.eal,
                is_looked_after=spec.looked_after, shared_care=spec.shared_care, sex=spec.sex,
                funded_two_year_old=spec.funded_two,
                early_years_pupil_premium=spec.pupil_premium)
            _fill_record(child, spec, setting, manager, today)
        for number, adult in enumerate(spec.adults):
            user = _user(adult.email, adult.name, adult.language) if adult.email else None
            if user is not None:
                _member(user, setting, Role.PARENT, committee=adult.committee)
            ChildAdult.objects.get_or_create(
                child=child, name=adult.name,
                defaults={
                    "user": user, "relationship": adult.relationship,
                    "has_parental_responsibility": adult.parental_responsibility,
                    "may_receive_information": adult.receives_information,
                    "lives_with_child": adult.lives_with,
                    "is_emergency_contact": adult.emergency, "may_collect": adult.may_collect,
                    "is_organisation": adult.organisation,
                    "restriction": adult.restriction, "email": adult.email or "",
                    "phone": f"07700 900{100 + number + 10 * len(spec.first):03d}"
                    if adult.emergency else "",
                })


def _fill_record(child, spec, setting, manager, today):
    """Key persons, allergies and health details of a newly created demo child."""
    for kind, who in ((Assignment.Kind.KEY, spec.key_person),
                      (Assignment.Kind.BACKUP, spec.backup)):
        if who:
            staff = Membership.objects.active().get(setting=setting,
                                                    user__email__startswith=who + "@")
            Assignment.objects.create(setting=setting, child=child, staff=staff, kind=kind,
                                      assigned_by=manager, started_on=child.start_date)
    for allergen, severity, action in spec.allergies:
        Allergy.objects.create(child=child, allergen=allergen, severity=severity, action=action)
    child.medical_needs, child.dietary_requirements = spec.medical, spec.diet
    child.gp_name, child.gp_practice = "Dr A. Shah", "Hadley Medical Centre"
    child.health_visitor = "Northshire 0-19 team"
    if spec.registered:
        child.registration_completed_at = child.created_at
    child.save()


@transaction.atomic
def load_demo(today: date | None = None) -> list[tuple[str, str, str]]:
    """Create (or leave as they are) the demo settings, each inside its own scope. Returns
    (setting, role, email) rows."""
    today = today or date.today()
    acorns = _load_setting({
        "slug": "acorn-tree", "name": "Acorn Tree Pre-school", "ofsted_urn": "EY512345",
        "address_line_1": "Church Hall, Mill Lane", "town": "Little Hadley",
        "postcode": "HA1 2PS", "phone": "01632 960123", "email": "office@acorns.example",
    }, ACORNS_STAFF, ACORNS_CHILDREN, today)
    riverside = _load_setting({
        "slug": "riverside", "name": "Riverside Community Pre-school", "ofsted_urn": "EY598765",
        "address_line_1": "Riverside Community Centre", "town": "Hadley Bridge",
        "postcode": "HB3 7RQ", "phone": "01632 960456",
    }, RIVERSIDE_STAFF, RIVERSIDE_CHILDREN, today)
    for setting in (acorns, riverside):
        with scope(setting=setting):
            ensure_default_forms(setting)
    with scope(setting=acorns):
        ensure_default_policies(acorns, signed_by=("Margaret Ellis", "Helen Carter"))
    with scope(setting=riverside):
        ensure_default_policies(riverside)  # drafts for the manager to adopt
    for setting in (acorns, riverside):
        with scope(setting=setting):
            manager = Membership.objects.active().for_setting(setting).filter(
                role=Role.MANAGER).order_by("started_at").first().user
            attendance_demo.load_demo(setting, manager, today)
            collection_demo.load_demo(setting)
    with scope(setting=acorns):
        journal_demo.load_demo(acorns, today)
        messaging_demo.load_demo(acorns)
        news_demo.load_demo(acorns)
        events_demo.load_demo(acorns, today)
        notifications_demo.load_demo(acorns)
        progress_demo.load_demo(acorns, today)
    admin = User.objects.filter(email="admin@portal.example").first()
    if admin is None:
        User.objects.create_superuser("admin@portal.example", DEMO_PASSWORD,
                                      full_name="Portal Administrator")
        admin = User.objects.get(email="admin@portal.example")
    EmailAddress.objects.get_or_create(user=admin, email=admin.email,
                                       defaults={"verified": True, "primary": True})
    rows = []
    for setting in (acorns, riverside):
        for m in (Membership.objects.active().for_setting(setting).select_related("user")
                  .order_by("role", "user__full_name")):
            label = m.get_role_display() + (" (SENCO)" if m.is_senco else "")
            rows.append((setting.name, label, m.user.email))
    rows.append(("All settings", "Django admin (superuser)", admin.email))
    return rows
