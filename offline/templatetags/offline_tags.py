import json

from django import template

from offline.messages import offline_messages as _messages

register = template.Library()


@register.simple_tag
def offline_messages() -> str:
    """The offline capture's words as JSON, for a data attribute (autoescaped there)."""
    return json.dumps(_messages(), ensure_ascii=False)
