from django.urls import path

from subject_access import views

urlpatterns = [
    path("", views.request_list, name="subject-access-list"),
    path("ask/", views.request_ask, name="subject-access-ask"),
    path("log/", views.request_log, name="subject-access-log"),
    path("log/data-requests-log.pdf", views.log_pdf, name="subject-access-log-pdf"),
    path("<str:request_uuid>/", views.request_detail, name="subject-access-detail"),
    path("<str:request_uuid>/build/", views.request_build, name="subject-access-build"),
    path("<str:request_uuid>/progress/", views.request_progress,
         name="subject-access-progress"),
    path("<str:request_uuid>/check.zip", views.request_check, name="subject-access-check"),
    path("<str:request_uuid>/release/", views.request_release, name="subject-access-release"),
    path("<str:request_uuid>/reissue/", views.request_reissue, name="subject-access-reissue"),
    path("<str:request_uuid>/hand-over/", views.request_hand_over,
         name="subject-access-hand-over"),
    path("<str:request_uuid>/extend/", views.request_extend, name="subject-access-extend"),
    path("<str:request_uuid>/refuse/", views.request_refuse, name="subject-access-refuse"),
    path("<str:request_uuid>/close/", views.request_close, name="subject-access-close"),
    path("<str:request_uuid>/download/<str:token>/", views.request_download,
         name="subject-access-download"),
]
