"""Placeholder until this part is built."""

from django.http import Http404


def options(request, **kwargs):
    raise Http404


def point_new(request, **kwargs):
    raise Http404


def point_edit(request, **kwargs):
    raise Http404


def point_retire(request, **kwargs):
    raise Http404


def statement_new(request, **kwargs):
    raise Http404


def statement_retire(request, **kwargs):
    raise Http404
