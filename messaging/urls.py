from django.urls import path

from messaging import views

urlpatterns = [
    path("", views.inbox, name="messaging-inbox"),
    path("new/", views.new, name="messaging-new"),
    path("working-hours/", views.availability, name="messaging-availability"),
    path("m/<str:message_uuid>/withdraw/", views.withdraw, name="messaging-withdraw"),
    path("m/<str:message_uuid>/flag/", views.flag, name="messaging-flag"),
    path("m/<str:message_uuid>/file/", views.message_file, name="messaging-file"),
    path("<str:conversation_uuid>/", views.conversation, name="messaging-conversation"),
    path("<str:conversation_uuid>/send/", views.send, name="messaging-send"),
    path("<str:conversation_uuid>/poll/", views.poll, name="messaging-poll"),
]
