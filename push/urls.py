from django.urls import path

from push import views

urlpatterns = [
    path("devices/", views.devices, name="push-devices"),
    path("devices/<str:device_uuid>/remove/", views.device_remove, name="push-device-remove"),
    path("subscribe/", views.subscribe, name="push-subscribe"),
    path("unsubscribe/", views.unsubscribe, name="push-unsubscribe"),
]
