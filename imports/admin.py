"""Admin: inspection only. Imports are started and run only through imports.services."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("pk", "court", "original_name", "status", "total_rows", "created_cases", "error_count",
                    "uploaded_by", "created_at")
    list_filter = ("status", "file_format")
    list_select_related = ("court", "uploaded_by")
