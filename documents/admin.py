"""Admin: generated documents for inspection, read-only (they are made only by documents.services)."""

from django.contrib import admin

from documents.models import DocumentFile, GeneratedDocument


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    fields = ("format", "display_name", "size", "checksum", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "version", "generated_by", "generated_at")
    list_filter = ("kind",)
    search_fields = ("case__case_number", "files__display_name", "files__checksum")
    list_select_related = ("case", "generated_by")
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]
    inlines = [DocumentFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
