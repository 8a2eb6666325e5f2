from django import template

from preschool import devices

register = template.Library()


@register.filter
def device_label(user_agent: str) -> str:
    """"Firefox on Windows" from a User-Agent, in the reader's language."""
    return devices.device_label(user_agent or "")


@register.filter
def session_reference(session_key: str) -> str:
    """The name of a session in the sessions page's forms (never its key)."""
    return devices.session_reference(session_key)
