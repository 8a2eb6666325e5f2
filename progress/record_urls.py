from django.urls import path

from progress import record_views as views

urlpatterns = [
    path("", views.caseload, name="progress-caseload"),
    path("children/<str:child_uuid>/", views.child_progress, name="progress-child"),
    path("children/<str:child_uuid>/start/", views.start, name="progress-start"),
    path("assessments/<str:assessment_uuid>/", views.assessment, name="progress-assessment"),
    path("assessments/<str:assessment_uuid>/edit/", views.edit, name="progress-assessment-edit"),
    path("assessments/<str:assessment_uuid>/share/", views.share,
         name="progress-assessment-share"),
]
