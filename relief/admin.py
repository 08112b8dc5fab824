"""Admin: inspection only. Aid, referrals and custodians change only through relief.services."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from relief.models import BankruptcyReferral, Custodian, JudicialAid


@admin.register(JudicialAid)
class JudicialAidAdmin(ReadOnlyAdmin):
    list_display = ("case", "applicant", "category", "status", "granted_amount", "paid_amount", "applied_on")
    list_filter = ("status", "category")
    list_select_related = ("case", "applicant")


@admin.register(BankruptcyReferral)
class BankruptcyReferralAdmin(ReadOnlyAdmin):
    list_display = ("case", "respondent", "status", "initiated_on", "decided_on", "transferred_on", "outcome_on")
    list_filter = ("status",)
    list_select_related = ("case", "respondent")


@admin.register(Custodian)
class CustodianAdmin(ReadOnlyAdmin):
    list_display = ("case", "name", "kind", "scope", "status", "appointed_on")
    list_filter = ("kind", "status")
    list_select_related = ("case",)
