from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.notification_list, name="notifications-list"),
    path("read-all/", views.read_all, name="notifications-read-all"),
    path("preferences/", views.preferences_page, name="notifications-preferences"),
    path("preferences/setting/", views.setting_defaults, name="notifications-defaults"),
    path("<str:notification_uuid>/", views.notification_open, name="notifications-open"),
]
