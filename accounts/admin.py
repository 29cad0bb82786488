from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Legday", {"fields": ("timezone",)}))
    list_display = ("username", "email", "first_name", "last_name", "timezone", "is_staff")
