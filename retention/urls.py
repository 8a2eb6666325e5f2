from django.urls import path

from retention import views

urlpatterns = [
    path("", views.schedule, name="retention-schedule"),
    path("rules/<str:record_type>/", views.rule_change, name="retention-rule-change"),
    path("holds/", views.hold_list, name="retention-holds"),
    path("holds/new/", views.hold_new, name="retention-hold-new"),
    path("holds/<str:hold_uuid>/lift/", views.hold_lift, name="retention-hold-lift"),
    path("due/", views.due, name="retention-due"),
    path("log/", views.erasure_log, name="retention-log"),
]
