from django.urls import path

from reports import ledger_views, views

urlpatterns = [
    path("reports/caseload/", views.caseload, name="caseload"),
    # The hard-case ledger (五类硬骨头台账) and petitions (reports.ledger_views).
    path("reports/hard-cases/", ledger_views.ledger_view, name="hard-case-ledger"),
    path("reports/hard-cases/export/", ledger_views.ledger_export, name="hard-case-export"),
    path("reports/hard-cases/rules/", ledger_views.ledger_rules_view, name="hard-case-rules"),
    path("reports/hard-cases/<int:entry_id>/clear/", ledger_views.ledger_clear_view, name="hard-case-clear"),
    path("cases/<int:pk>/petitions/", ledger_views.petition_record_view, name="petition-record"),
    path("cases/<int:pk>/petitions/<int:petition_id>/reply/", ledger_views.petition_reply_view, name="petition-reply"),
    path("cases/<int:pk>/hard-cases/tag/<slug:category>/", ledger_views.hard_case_tag_view, name="hard-case-tag"),
    path("cases/<int:pk>/hard-cases/<int:entry_id>/clear/", ledger_views.hard_case_clear_dossier_view,
         name="hard-case-clear-dossier"),
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("reports/dashboard/export/", views.dashboard_export, name="dashboard-export"),
    path("reports/cases/<slug:metric>/", views.figure_case_list, name="figure-cases"),
    path("reports/cases/<slug:metric>/export/", views.figure_export, name="figure-export"),
    path("reports/alerts/<slug:code>/", views.alert_case_list, name="alert-cases"),
    path("reports/alerts/<slug:code>/export/", views.alert_export, name="alert-export"),
]
