from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from preschool.models import AuditEvent, Invitation, Membership, Reminder, Setting, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """For the portal's operators to look, never to change: records change only through the
    services, which check the rules and write the audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["name", "ofsted_urn", "town", "postcode"]
    search_fields = ["name", "ofsted_urn", "postcode"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["setting", "role", "is_senco", "is_committee_member", "started_at", "ended_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "phone", "preferred_language",
                               "preferred_contact_method", "preferred_format",
                               "notification_frequency"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "setting", "role", "is_senco", "is_committee_member", "ended_at"]
    list_filter = ["setting", "role"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "setting", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["setting", "role"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is append-only, even for superusers."""

    list_display = ["created_at", "setting", "actor_label", "action", "object_label"]
    list_filter = ["setting", "action"]
    search_fields = ["actor_label", "object_label", "action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient_email", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False
