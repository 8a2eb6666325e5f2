import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from families.models import Child, ChildAdult, Room
from preschool.models import Membership, Role, Setting, User

PASSWORD = "correct-horse-battery-staple"


class SettingFactory(factory.django.DjangoModelFactory[Setting]):
    class Meta:
        model = Setting

    name = factory.Sequence(lambda n: f"Test Pre-school {n}")
    slug = factory.Sequence(lambda n: f"test-preschool-{n}")
    ofsted_urn = factory.Sequence(lambda n: f"EY{500000 + n}")
    phone = "01632 960000"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def enrol_totp(user) -> str:
    """Give ``user`` a TOTP authenticator (staff need one when REQUIRE_STAFF_MFA is on)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    setting = factory.SubFactory(SettingFactory)
    role = Role.PARENT
    started_at = factory.LazyFunction(timezone.now)


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = Room

    setting = factory.SubFactory(SettingFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child

    setting = factory.SubFactory(SettingFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate().replace(
        year=timezone.localdate().year - 3, day=1))


class ChildAdultFactory(factory.django.DjangoModelFactory[ChildAdult]):
    class Meta:
        model = ChildAdult

    child = factory.SubFactory(ChildFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Someone")
    relationship = "Mother"
    has_parental_responsibility = True
    may_receive_information = True
    lives_with_child = True
