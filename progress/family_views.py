"""Placeholder until this part is built."""

from django.http import Http404


def summaries(request, **kwargs):
    raise Http404


def summary(request, **kwargs):
    raise Http404


def comment(request, **kwargs):
    raise Http404
