from django.urls import path

from privacy import views

urlpatterns = [
    path("alerts/", views.alert_list, name="privacy-alert-list"),
    path("alerts/<str:alert_uuid>/", views.alert_detail, name="privacy-alert-detail"),
    path("alerts/<str:alert_uuid>/decide/", views.alert_decide, name="privacy-alert-decide"),
    path("options/", views.options, name="privacy-options"),
]
