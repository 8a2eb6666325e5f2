from django.urls import path

from offline import views

urlpatterns = [
    path("key/", views.key, name="offline-key"),
    path("signed-out/", views.signed_out, name="offline-signed-out"),
]
