"""At the site's root: a service worker controls only the paths under its own, so /sw.js
covers the whole portal."""

from django.urls import path

from push import views

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="push-manifest"),
    path("sw.js", views.service_worker, name="push-service-worker"),
]
