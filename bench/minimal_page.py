"""A minimal page of the site, for the benchmarks to compare with: it runs one query and
renders the site's layout (base.html, with its navigation) around a heading and a sentence,
behind the same middleware, session and sign-in as every page.

``/healthz``, the other baseline, runs the same one query but answers JSON without the layout.
The page exists only in the benchmark's process: ``install()`` serves it at ``URL`` next to the
site's own URLs.
"""

import statistics
import sys
import types

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import clear_url_caches, include, path

URL = "/bench/minimal/"

TEMPLATE = """{% extends "base.html" %}
{% block title %}Minimal page{% endblock %}
{% block content %}<h1 class="h3">{{ name }}</h1><p>A page with one query.</p>{% endblock %}"""


@login_required
def minimal(request):
    from preschool.models import Setting

    name = Setting.objects.filter(pk=request.setting.pk).values_list("name", flat=True).first()
    template = engines["django"].from_string(TEMPLATE)
    return HttpResponse(template.render({"name": name}, request))


def install():
    """Serve the minimal page at ``URL``, with every URL of the site unchanged."""
    module = types.ModuleType("bench_minimal_urls")
    module.urlpatterns = [path(URL.strip("/") + "/", minimal),
                          path("", include(settings.ROOT_URLCONF))]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def p50_p95_min(samples) -> tuple[float, float, float]:
    """The median, the 95th percentile and the least of timings (the benchmarks' figures)."""
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], samples[0]
