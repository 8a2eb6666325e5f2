from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def initials(name: str) -> str:
    """"Kim Keyperson" -> "KK": shown in place of a photo."""
    parts = [p for p in str(name).split() if p]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


@register.simple_tag
def staff_photo_url(profile) -> str:
    """The photo's address, changing whenever the photo does (so browsers fetch the new one)."""
    # A member of staff without a profile comes through as "" (a missing related object).
    if not getattr(profile, "photo", None):
        return ""
    url = reverse("keyperson-staff-photo", args=[profile.uuid])
    return f"{url}?v={int(profile.updated_at.timestamp())}"
