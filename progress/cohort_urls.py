from django.urls import path

from progress import cohort_views as views

urlpatterns = [
    path("cohort/", views.cohort, name="progress-cohort"),
    path("cohort/pdf/", views.cohort_pdf, name="progress-cohort-pdf"),
    path("cohort/csv/", views.cohort_csv, name="progress-cohort-csv"),
]
