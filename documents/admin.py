"""Admin: generated documents for inspection, read-only (they are made only by documents.services)."""

from django.contrib import admin

from documents.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "version", "format", "generated_by", "generated_at", "size")
    list_filter = ("kind", "format")
    search_fields = ("case__case_number", "display_name", "checksum")
    list_select_related = ("case", "generated_by")
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
