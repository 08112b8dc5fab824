"""Browser pages of this app (cross execution, DESIGN.md §8)."""

from django.urls import path

from transfers import views

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
]
