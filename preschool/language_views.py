"""The language switcher (the sign-in page and every page's footer)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from preschool.i18n import profile_language, shipped_codes

# A language chosen before signing in, kept for the sign-in (the session survives it).
CHOSEN_KEY = "language_chosen"


@require_POST
def switch_language(request):
    """Django's ``set_language`` (the cookie, a safe ``next``), and for a signed-in person
    their profile's preferred language too: it is also the language the setting's staff
    see as the one to use with them, and their emails' language. Chosen before signing in,
    it becomes the profile's language at the sign-in that follows."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if language in shipped_codes():
        if request.user.is_authenticated:
            save_preferred_language(request.user, language)
        else:
            request.session[CHOSEN_KEY] = language
    return response


def save_preferred_language(user, language: str) -> None:
    preferred = profile_language(language)
    if user.preferred_language != preferred:
        user.preferred_language = preferred
        user.save(update_fields=["preferred_language"])


@receiver(user_logged_in, dispatch_uid="preschool-language-chosen-before-sign-in")
def _keep_the_language_chosen_before_sign_in(sender, request, user, **kwargs):
    language = request.session.pop(CHOSEN_KEY, None) if request is not None else None
    if language in shipped_codes():
        save_preferred_language(user, language)
