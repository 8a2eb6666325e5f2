"""The core's section of the family home page (preschool.registry)."""

from preschool.middleware import has_second_factor
from preschool.registry import HomeSection


def two_step_encouragement(request) -> list[HomeSection]:
    """"Protect your child's record: turn on two-step sign-in", for a family member with no
    authenticator; gone once they have one (dismissed by doing it). One query, shared with
    the staff rule (``has_second_factor``)."""
    membership = request.membership
    if membership is None or not membership.is_family or has_second_factor(request):
        return []
    return [HomeSection("preschool/sections/two_step.html", order=90, needs_attention=False)]
