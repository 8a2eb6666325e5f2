"""The portal's pages about the API, under /api/ but never under /api/v1/ (the API's own)."""

from django.urls import path

from api import views

urlpatterns = [
    path("tokens/", views.token_list, name="api-tokens"),
    path("tokens/new/", views.token_new, name="api-token-new"),
    path("tokens/<str:token_uuid>/", views.token_detail, name="api-token"),
    path("tokens/<str:token_uuid>/revoke/", views.token_revoke, name="api-token-revoke"),
    path("docs/", views.docs, name="api-docs"),
]
