"""The progress pages: recording (key persons), the family's summary, the managers' cohort
and options. Each part keeps its own list."""

from progress import cohort_urls, family_urls, options_urls, record_urls

urlpatterns = (record_urls.urlpatterns + family_urls.urlpatterns + cohort_urls.urlpatterns
               + options_urls.urlpatterns)
