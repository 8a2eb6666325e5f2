from django.urls import path

from progress import options_views as views

urlpatterns = [
    path("options/", views.options, name="progress-options"),
    path("points/new/", views.point_new, name="progress-point-new"),
    path("points/<str:point_uuid>/edit/", views.point_edit, name="progress-point-edit"),
    path("points/<str:point_uuid>/retire/", views.point_retire, name="progress-point-retire"),
    path("statements/new/", views.statement_new, name="progress-statement-new"),
    path("statements/<str:statement_uuid>/retire/", views.statement_retire,
         name="progress-statement-retire"),
]
