"""The language switcher (the sign-in page and every page's footer)."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from preschool.i18n import SOURCE_LANGUAGE, shipped_codes


@require_POST
def switch_language(request):
    """Django's ``set_language`` (the cookie, a safe ``next``), and for a signed-in person
    their profile's preferred language too: it is also the language the setting's staff
    see as the one to use with them, and their emails' language."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in shipped_codes():
        preferred = "en" if language == SOURCE_LANGUAGE else language
        if request.user.preferred_language != preferred:
            request.user.preferred_language = preferred
            request.user.save(update_fields=["preferred_language"])
    return response
