from django.urls import path

from families import views

urlpatterns = [
    path("", views.child_list, name="child-list"),
    path("<str:child_uuid>/", views.child_detail, name="child-detail"),
]
