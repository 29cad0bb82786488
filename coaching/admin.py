from django.contrib import admin

from coaching.models import AccessLogEntry, CoachLink, LinkInvitation


@admin.register(CoachLink)
class CoachLinkAdmin(admin.ModelAdmin):
    list_display = ("coach", "athlete", "status", "initiated_by", "created_at", "ended_at")
    list_filter = ("status", "initiated_by")
    search_fields = ("coach__username", "coach__email", "athlete__username", "athlete__email")
    raw_id_fields = ("coach", "athlete", "ended_by")
    date_hierarchy = "created_at"


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence for athletes, so support can look but not edit."""

    list_display = ("at", "coach", "athlete", "page", "path")
    list_filter = ("page",)
    search_fields = ("coach__username", "athlete__username", "path")
    raw_id_fields = ("coach", "athlete")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LinkInvitation)
class LinkInvitationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "sender", "sender_side", "identifier", "status")
    list_filter = ("status", "sender_side")
    search_fields = ("sender__username", "identifier")
    raw_id_fields = ("sender", "link")
