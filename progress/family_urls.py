from django.urls import path

from progress import family_views as views

urlpatterns = [
    path("children/<str:child_uuid>/summaries/", views.summaries,
         name="progress-child-summaries"),
    path("summaries/<str:assessment_uuid>/", views.summary, name="progress-summary"),
    path("summaries/<str:assessment_uuid>/comment/", views.comment,
         name="progress-summary-comment"),
]
