from django.contrib import admin

from transfers.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("case", "handler", "team", "kind", "started_at", "ended_at")
    list_select_related = ("case", "handler", "team")
    readonly_fields = [f.name for f in Assignment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
