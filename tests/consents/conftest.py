import pytest

from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (the emails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def childminder(world):
    """Cleo, Ava's childminder: linked WITH the right to information but WITHOUT parental
    responsibility (she sees Ava, but may not give consents or medicine permissions)."""
    user = UserFactory(full_name="Cleo Childminder", email="cleo@example.org")
    MembershipFactory(user=user, setting=world.setting_a, role="parent")
    ChildAdultFactory(child=world.child, user=user, relationship="Childminder",
                      has_parental_responsibility=False, may_receive_information=True,
                      lives_with_child=False)
    return user


@pytest.fixture
def home_section(world, rf):
    """``home_section(persona)``: the consents sections of that persona's home page, rendered
    on their own (the home page also shows other apps' sections, built at the same time)."""
    from django.template.loader import render_to_string

    from consents import home
    from preschool.permissions import memberships_of

    def render(persona):
        user = world.users[persona]
        request = rf.get("/")
        request.user = user
        membership = next(iter(memberships_of(user).values()))
        request.membership, request.setting = membership, membership.setting
        sections = home.family_sections(request) + home.staff_sections(request)
        return "".join(render_to_string(s.template, {"section": s.context}, request=request)
                       for s in sections)

    return render
