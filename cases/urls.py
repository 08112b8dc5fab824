from django.urls import path

from cases import views, views_messages
from cases import views_dossier as dossier

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/mine/", views.my_cases, name="my-cases"),
    path("cases/register/", views.case_register, name="case-register"),
    path("cases/messages/", views_messages.outbox, name="outbox"),
    path("cases/messages/<int:pk>/retry/", views_messages.outbox_retry, name="outbox-retry"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/timeline/", views.case_timeline, name="case-timeline"),
    path("cases/<int:pk>/audit/", views.case_audit, name="case-audit"),
    path("cases/<int:pk>/transition/", views.case_transition, name="case-transition"),
    path("cases/<int:pk>/reassign/", views.case_reassign_view, name="case-reassign"),
    # The dossier's actions (cases.views_dossier): one POST per action, back to the dossier.
    path("cases/<int:pk>/investigations/", dossier.investigation_record_view, name="case-investigation-record"),
    path("cases/<int:pk>/investigations/online/", dossier.online_queries_view, name="case-online-queries"),
    path("cases/<int:pk>/investigations/<int:item_id>/result/", dossier.investigation_result_view,
         name="case-investigation-result"),
    path("cases/<int:pk>/procedures/", dossier.procedure_record_view, name="case-procedure-record"),
    path("cases/<int:pk>/controls/", dossier.control_apply_view, name="case-control-apply"),
    path("cases/<int:pk>/controls/<int:control_id>/renew/", dossier.control_renew_view, name="case-control-renew"),
    path("cases/<int:pk>/controls/<int:control_id>/release/", dossier.control_release_view, name="case-control-release"),
    path("cases/<int:pk>/controls/<int:control_id>/deduct/", dossier.control_deduct_view, name="case-control-deduct"),
    path("cases/<int:pk>/controls/<int:control_id>/valuation/", dossier.control_valuation_view, name="case-control-valuation"),
    path("cases/<int:pk>/controls/<int:control_id>/auction/", dossier.control_auction_view, name="case-control-auction"),
    path("cases/<int:pk>/controls/<int:control_id>/sale/", dossier.control_sale_view, name="case-control-sale"),
    path("cases/<int:pk>/controls/<int:control_id>/in-kind/", dossier.control_in_kind_view, name="case-control-in-kind"),
    path("cases/<int:pk>/auctions/<int:auction_id>/conclude/", dossier.auction_conclude_view, name="case-auction-conclude"),
    path("cases/<int:pk>/measures/", dossier.measure_issue_view, name="case-measure-issue"),
    path("cases/<int:pk>/measures/<int:measure_id>/lift/", dossier.measure_lift_view, name="case-measure-lift"),
    path("cases/<int:pk>/claims/", dossier.claim_set_view, name="case-claim-set"),
    path("cases/<int:pk>/payments/", dossier.payment_record_view, name="case-payment-record"),
    path("cases/<int:pk>/disbursements/", dossier.disbursement_record_view, name="case-disbursement-record"),
    path("cases/<int:pk>/distribution/", dossier.distribution_execute_view, name="case-distribution-execute"),
    path("cases/<int:pk>/settlement/", dossier.settlement_record_view, name="case-settlement-record"),
    path("cases/<int:pk>/settlement/breach/", dossier.settlement_breach_view, name="case-settlement-breach"),
    path("cases/<int:pk>/close/", dossier.case_close_view, name="case-close"),
    path("cases/<int:pk>/close/checklist/", dossier.closure_checklist_view, name="case-closure-checklist"),
    path("cases/<int:pk>/resume/", dossier.case_resume_view, name="case-resume"),
    path("cases/<int:pk>/archive/", dossier.case_archive_view, name="case-archive"),
]
