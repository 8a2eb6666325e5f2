from django.urls import path

from retention import adult_views

urlpatterns = [
    path("adults/", adult_views.erasure_list, name="retention-adult-erasures"),
    path("adults/<str:user_uuid>/erase/", adult_views.erasure_new,
         name="retention-adult-erasure-new"),
    path("adults/requests/<str:erasure_uuid>/", adult_views.erasure_detail,
         name="retention-adult-erasure-detail"),
    path("adults/requests/<str:erasure_uuid>/process/", adult_views.erasure_process,
         name="retention-adult-erasure-process"),
]
