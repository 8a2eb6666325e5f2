from django.urls import path

from collection import views

urlpatterns = [
    path("children/<str:child_uuid>/", views.child_page, name="collection-child"),
    path("children/<str:child_uuid>/collectors/new/", views.collector_new,
         name="collection-collector-new"),
    path("children/<str:child_uuid>/collectors/<str:collector_uuid>/remove/",
         views.collector_remove, name="collection-collector-remove"),
    path("children/<str:child_uuid>/password/", views.password_new,
         name="collection-password-new"),
    path("collectors/<str:collector_uuid>/photo/", views.collector_photo,
         name="collection-collector-photo"),
    path("passwords/<str:password_uuid>/cancel/", views.password_cancel,
         name="collection-password-cancel"),
    path("records/<str:record_uuid>/sign-out/", views.sign_out, name="collection-sign-out"),
    path("records/<str:record_uuid>/password-check/", views.password_check,
         name="collection-password-check"),
    path("late/", views.late, name="collection-late"),
]
