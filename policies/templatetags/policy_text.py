from django import template

from policies.text import render

register = template.Library()


@register.filter
def policy_body(text, heading_level=2):
    """Policy text as HTML (escaped first; see policies/text.py)."""
    return render(text, int(heading_level))
