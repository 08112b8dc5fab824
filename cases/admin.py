"""Admin: reference data and inspection. Cases change only through services, so the admin shows them read-only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    CaseEvent,
    CoerciveMeasure,
    ControlAction,
    Disbursement,
    EnforcementCase,
    Investigation,
    Notification,
    Party,
    Payment,
    Settlement,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's "revert to this version" form saves on POST with only the view permission
        # checked: read-only means read-only there too (the audit trail shows versions, never restores them).
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "court", "handler", "status", "closure_type", "filed_on", "target_amount")
    list_filter = ("status", "closure_type", "court", "cause")
    search_fields = ("case_number",)
    list_select_related = ("court", "handler")


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "masked")
    list_filter = ("kind",)
    search_fields = ("name",)

    @admin.display(description=_("ID number"))
    def masked(self, party):
        return party.masked_id


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "actor", "occurred_at", "description")
    list_select_related = ("case", "actor")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("case", "phone", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status",)


@admin.register(ControlAction)
class ControlActionAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "asset", "started_on", "expires_on", "status")
    list_filter = ("kind", "status")
    list_select_related = ("case",)


@admin.register(Investigation)
class InvestigationAdmin(ReadOnlyAdmin):
    list_display = ("case", "category", "result", "queried_on")
    list_filter = ("category", "result")
    list_select_related = ("case",)


@admin.register(CoerciveMeasure)
class CoerciveMeasureAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "respondent", "issued_on", "ends_on", "lifted_on")
    list_filter = ("kind",)
    list_select_related = ("case", "respondent")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("case", "amount", "source", "received_on")
    list_filter = ("source",)
    list_select_related = ("case",)


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "payee", "amount", "paid_on")
    list_filter = ("kind",)
    list_select_related = ("case", "payee")


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ("case", "agreed_on", "agreed_amount", "status")
    list_filter = ("status",)
    list_select_related = ("case",)
