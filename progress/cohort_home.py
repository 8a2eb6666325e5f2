"""Placeholder until this part is built."""


def manage_nav(membership):
    return []
