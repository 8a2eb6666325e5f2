from django.urls import path

from events import views

urlpatterns = [
    path("", views.event_list, name="events-list"),
    path("new/", views.event_new, name="events-new"),
    path("calendar/", views.calendar_feed, name="events-feed"),
    path("calendar/revoke/", views.calendar_feed_revoke, name="events-feed-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed_ics, name="events-feed-ics"),
    path("<str:event_uuid>/", views.event_detail, name="events-detail"),
    path("<str:event_uuid>/answer/", views.event_answer, name="events-answer"),
    path("<str:event_uuid>/cancel/", views.event_cancel, name="events-cancel"),
    path("<str:event_uuid>/event.ics", views.event_ics, name="events-ics"),
]
