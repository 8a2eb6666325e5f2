from django.urls import path

from news import views

urlpatterns = [
    path("", views.post_list, name="news-list"),
    path("new/", views.post_new, name="news-new"),
    path("photos/<str:photo_uuid>/", views.photo_file, name="news-photo"),
    path("<str:post_uuid>/", views.post_detail, name="news-detail"),
    path("<str:post_uuid>/acknowledge/", views.post_acknowledge, name="news-acknowledge"),
    path("<str:post_uuid>/chase/", views.post_chase, name="news-chase"),
    path("<str:post_uuid>/withdraw/", views.post_withdraw, name="news-withdraw"),
]
