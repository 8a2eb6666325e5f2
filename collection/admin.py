"""Read-only views for the portal's operators. A collection password's hash is never shown;
the admin lists who set a password, for whom and when, and its checks."""

from django.contrib import admin

from collection.models import (
    AuthorisedCollector,
    CollectionPassword,
    LateCollection,
    PasswordAttempt,
)
from preschool.admin import ReadOnlyAdmin


@admin.register(AuthorisedCollector)
class AuthorisedCollectorAdmin(ReadOnlyAdmin):
    list_display = ["name", "relationship", "child", "added_at", "removed_at"]
    list_filter = ["setting"]
    exclude = ["photo"]


@admin.register(CollectionPassword)
class CollectionPasswordAdmin(ReadOnlyAdmin):
    list_display = ["child", "for_date", "collector_name", "set_by", "verified_at", "used_at",
                    "cancelled_at"]
    list_filter = ["setting"]
    exclude = ["password_hash"]


@admin.register(PasswordAttempt)
class PasswordAttemptAdmin(ReadOnlyAdmin):
    list_display = ["child", "for_date", "tried_at", "tried_by", "result"]
    list_filter = ["setting", "result"]


@admin.register(LateCollection)
class LateCollectionAdmin(ReadOnlyAdmin):
    list_display = ["child", "collected_at", "minutes_late", "collected_by", "recorded_by"]
    list_filter = ["setting"]
