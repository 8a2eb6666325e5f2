from django.urls import path

from complaints import views

urlpatterns = [
    path("", views.concern_list, name="complaints-list"),
    path("new/", views.concern_new, name="complaints-raise"),
    path("record/", views.record, name="complaints-record"),
    path("record/complaints-record.pdf", views.record_pdf, name="complaints-record-pdf"),
    path("record/complaints-record.csv", views.record_csv, name="complaints-record-csv"),
    path("attachments/<str:attachment_uuid>/", views.attachment_download,
         name="complaints-attachment"),
    path("<str:concern_uuid>/", views.concern_detail, name="complaints-detail"),
    path("<str:concern_uuid>/acknowledge/", views.concern_acknowledge,
         name="complaints-acknowledge"),
    path("<str:concern_uuid>/assign/", views.concern_assign, name="complaints-assign"),
    path("<str:concern_uuid>/notes/", views.concern_note, name="complaints-note"),
    path("<str:concern_uuid>/attachments/", views.concern_attachment_add,
         name="complaints-attachment-add"),
    path("<str:concern_uuid>/close/", views.concern_close, name="complaints-close"),
    path("<str:concern_uuid>/share/", views.concern_share, name="complaints-share"),
]
