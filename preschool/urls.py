from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from preschool import language_views, metrics, views

# The admin signs in through allauth, so its login gets the same rate limits and two-factor
# authentication as the portal's (allauth's documented way: the type checker objects to any
# assignment to a method).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Pre-school portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("setting/switch/", views.switch_setting, name="setting-switch"),
    path("profile/", views.profile, name="profile"),
    path("people/", views.people_list, name="people-list"),
    path("people/invite/", views.invite, name="people-invite"),
    path("people/<str:membership_uuid>/", views.membership_edit, name="people-membership-edit"),
    path("people/<str:membership_uuid>/end/", views.membership_end, name="people-membership-end"),
    path("invitations/<str:invitation_uuid>/resend/", views.invitation_resend,
         name="people-invitation-resend"),
    path("invitations/<str:invitation_uuid>/revoke/", views.invitation_revoke,
         name="people-invitation-revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("audit/", views.audit_log, name="audit-log"),
    path("children/", include("families.urls")),
    path("key-person/", include("keyperson.urls")),
    path("journal/", include("learning_journal.urls")),
    path("progress/", include("progress.urls")),
    path("consents/", include("consents.urls")),
    path("attendance/", include("attendance.urls")),
    path("collection/", include("collection.urls")),
    path("complaints/", include("complaints.urls")),
    path("subject-access/", include("subject_access.urls")),
    path("policies/", include("policies.urls")),
    path("push/", include("push.urls")),
    # The web app manifest and the service worker, at the site's root (push/root_urls.py).
    path("", include("push.root_urls")),
    path("messages/", include("messaging.urls")),
    path("news/", include("news.urls")),
    path("events/", include("events.urls")),
    path("notifications/", include("notifications.urls")),
    path("export/", include("setting_export.urls")),
    path("privacy/", include("privacy.alarm_urls")),
    path("privacy/", include("privacy.urls")),
    path("retention/", include("retention.adult_urls")),
    path("retention/", include("retention.urls")),
    path("api/v1/", include("api.urls")),
    # The pages about the API: tokens and the documentation (api/page_urls.py).
    path("api/", include("api.page_urls")),
    path("offline/", include("offline.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("language/", language_views.switch_language, name="language-switch"),
    # One session's "Sign out" on allauth's "Your devices and sessions" (/accounts/sessions/).
    path("accounts/sessions/<str:reference>/sign-out/", views.session_sign_out,
         name="session-sign-out"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
