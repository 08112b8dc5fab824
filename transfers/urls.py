"""Browser pages of this app (cross execution, DESIGN.md §8)."""

from django.urls import path

from transfers import views
from transfers import views_campaigns as campaigns

urlpatterns = [
    path("transfers/policy/", views.policy_page, name="escalation-policy"),
    path("transfers/designations/", views.designation_inbox_view, name="designation-inbox"),
    path("transfers/designations/open/", views.designation_open_view, name="designation-open"),
    path("transfers/designations/<int:pk>/", views.designation_detail_view, name="designation-detail"),
    path("transfers/designations/<int:pk>/decide/", views.designation_decide_view, name="designation-decide"),
    path("transfers/concentration/", views.concentration_view, name="concentration"),
    path("transfers/concentration/execute/", views.concentration_execute_view, name="concentration-execute"),
    path("transfers/entrustments/", views.entrustment_inbox_view, name="entrustment-inbox"),
    path("transfers/entrustments/<int:pk>/", views.entrustment_detail_view, name="entrustment-detail"),
    path("transfers/entrustments/<int:pk>/reply/", views.entrustment_reply_view, name="entrustment-reply"),
    path("transfers/entrustments/<int:pk>/withdraw/", views.entrustment_withdraw_view, name="entrustment-withdraw"),
    # The dossier panel's forms (the panel itself is transfers.views.escalation_panel).
    path("transfers/cases/<int:pk>/designation-request/", views.case_designation_request_view,
         name="case-designation-request"),
    path("transfers/cases/<int:pk>/entrust/", views.case_entrust_view, name="case-entrust"),
    # Enforcement campaigns (集中执行行动); the dossier panel is transfers.views_campaigns.campaign_panel.
    path("transfers/campaigns/", campaigns.campaign_list_view, name="campaign-list"),
    path("transfers/campaigns/new/", campaigns.campaign_create_view, name="campaign-create"),
    path("transfers/campaigns/<int:pk>/", campaigns.campaign_ledger_view, name="campaign-detail"),
    path("transfers/campaigns/<int:pk>/edit/", campaigns.campaign_edit_view, name="campaign-edit"),
    path("transfers/campaigns/<int:pk>/select/", campaigns.campaign_select_view, name="campaign-select"),
    path("transfers/campaigns/<int:pk>/launch/", campaigns.campaign_start_view, name="campaign-start"),
    path("transfers/campaigns/<int:pk>/close/", campaigns.campaign_close_view, name="campaign-close"),
    path("transfers/campaigns/<int:pk>/export/", campaigns.campaign_export_view, name="campaign-export"),
    path("transfers/campaigns/<int:pk>/cases/<int:entry_id>/report/", campaigns.campaign_case_report_view,
         name="campaign-case-report"),
    path("transfers/campaigns/<int:pk>/cases/<int:entry_id>/clear/", campaigns.campaign_case_clear_view,
         name="campaign-case-clear"),
    path("transfers/campaigns/<int:pk>/cases/<int:entry_id>/reopen/", campaigns.campaign_case_reopen_view,
         name="campaign-case-reopen"),
    path("transfers/campaigns/<int:pk>/cases/<int:entry_id>/remove/", campaigns.campaign_case_remove_view,
         name="campaign-case-remove"),
    path("transfers/cases/<int:pk>/campaigns/<int:entry_id>/report/", campaigns.case_campaign_report_view,
         name="case-campaign-report"),
]
