"""Admin: inspection only. Tracking records change only through tracking.services."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from tracking.models import TrackingRecord


@admin.register(TrackingRecord)
class TrackingRecordAdmin(ReadOnlyAdmin):
    list_display = ("document_number", "court", "division", "status", "effective_date", "performance_deadline", "enforcement_case")
    list_filter = ("status", "division", "court")
    search_fields = ("document_number",)
    list_select_related = ("court", "enforcement_case")
