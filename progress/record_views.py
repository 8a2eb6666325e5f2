"""Placeholder until this part is built."""

from django.http import Http404


def caseload(request, **kwargs):
    raise Http404


def child_progress(request, **kwargs):
    raise Http404


def start(request, **kwargs):
    raise Http404


def assessment(request, **kwargs):
    raise Http404


def edit(request, **kwargs):
    raise Http404


def share(request, **kwargs):
    raise Http404
