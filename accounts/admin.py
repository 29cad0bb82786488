from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import SignInRecord, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Legday", {"fields": ("timezone",)}))
    list_display = ("username", "email", "first_name", "last_name", "timezone", "is_staff")


@admin.register(SignInRecord)
class SignInRecordAdmin(admin.ModelAdmin):
    """Read-only: a person's sign-in history, for support."""

    list_display = ("at", "user", "ip_address")
    search_fields = ("user__username", "ip_address")
    raw_id_fields = ("user",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
