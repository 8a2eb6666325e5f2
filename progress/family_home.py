"""Placeholder until this part is built."""


def family_sections(request):
    return []


def child_section(request, child):
    return []
