from django.urls import path

from setting_export import views

urlpatterns = [
    path("", views.export_page, name="setting-export"),
    path("start/", views.export_start, name="setting-export-start"),
    path("<str:export_uuid>/progress/", views.export_progress, name="setting-export-progress"),
    path("<str:export_uuid>/download/", views.export_download, name="setting-export-download"),
]
