from django import template
from django.utils.safestring import SafeString

from preschool.lib.text import render

register = template.Library()


@register.filter
def formatted(text: str, heading_level: int = 2) -> SafeString:
    """Policy or agreement text as HTML: headings, paragraphs and lists, escaped first
    (see preschool/lib/text.py)."""
    return render(text, int(heading_level))
