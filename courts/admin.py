from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from courts.models import Court, Team, TeamMembership, User


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "prefix", "parent", "is_active")
    list_filter = ("level", "province_abbr", "is_active")
    search_fields = ("name", "code")

    @admin.display(description=_("case number prefix"), ordering="code")
    def prefix(self, court):
        return court.case_prefix


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "court", "is_active")
    list_filter = ("court",)
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "full_name", "court", "role", "is_active")
    list_filter = ("role", "court")
    search_fields = ("username", "full_name")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Court"), {"fields": ("full_name", "court", "role", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Court"), {"fields": ("full_name", "court", "role")}),)
