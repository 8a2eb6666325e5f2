"""Placeholder until this part is built."""

from django.http import Http404


def cohort(request, **kwargs):
    raise Http404


def cohort_pdf(request, **kwargs):
    raise Http404


def cohort_csv(request, **kwargs):
    raise Http404
