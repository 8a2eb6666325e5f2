"""Placeholder until this part is built."""


def nav(membership):
    return []


def staff_sections(request):
    return []
