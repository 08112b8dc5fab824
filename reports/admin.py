"""Admin: inspection only. Petitions and ledger entries change only through reports.hard_cases."""

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from reports.models import HardCaseEntry, HardCaseRules, Petition


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ("case", "received_on", "channel", "petitioner_name", "petitioner_standing", "replied_on")
    list_filter = ("channel", "petitioner_standing")
    list_select_related = ("case",)


@admin.register(HardCaseEntry)
class HardCaseEntryAdmin(ReadOnlyAdmin):
    list_display = ("case", "category", "source", "tagged_on", "cleared_on", "cleared_by")
    list_filter = ("category", "source")
    list_select_related = ("case", "cleared_by")


@admin.register(HardCaseRules)
class HardCaseRulesAdmin(ReadOnlyAdmin):
    list_display = ("court", "old_after_months", "petitions_threshold", "updated_by")
    list_select_related = ("court", "updated_by")
