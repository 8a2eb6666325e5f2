from django.urls import path

from privacy import looks_pages

urlpatterns = [
    path("looks/", looks_pages.setting_looks, name="privacy-looks"),
    path("looks/children/<str:child_uuid>/", looks_pages.child_looks, name="privacy-looks-child"),
]
