"""Browser pages of this app: the relief steps posted from the dossier's relief card, and the report."""

from django.urls import path

from relief import views

CASE = "cases/<int:pk>/"

urlpatterns = [
    path("relief/report/", views.relief_report_view, name="relief-report"),
    path(f"{CASE}judicial-aid/", views.aid_apply_view, name="relief-aid-apply"),
    path(f"{CASE}judicial-aid/<int:aid_id>/assess/", views.aid_assess_view, name="relief-aid-assess"),
    path(f"{CASE}judicial-aid/<int:aid_id>/decide/", views.aid_decide_view, name="relief-aid-decide"),
    path(f"{CASE}judicial-aid/<int:aid_id>/pay/", views.aid_pay_view, name="relief-aid-pay"),
    path(f"{CASE}bankruptcy-referral/", views.referral_start_view, name="relief-referral-start"),
    path(f"{CASE}bankruptcy-referral/<int:referral_id>/consent/", views.referral_consent_view, name="relief-referral-consent"),
    path(f"{CASE}bankruptcy-referral/<int:referral_id>/decide/", views.referral_decide_view, name="relief-referral-decide"),
    path(f"{CASE}bankruptcy-referral/<int:referral_id>/transfer/", views.referral_transfer_view, name="relief-referral-transfer"),
    path(f"{CASE}bankruptcy-referral/<int:referral_id>/outcome/", views.referral_outcome_view, name="relief-referral-outcome"),
    path(f"{CASE}bankruptcy-referral/<int:referral_id>/cancel/", views.referral_cancel_view, name="relief-referral-cancel"),
    path(f"{CASE}custodians/", views.custodian_appoint_view, name="relief-custodian-appoint"),
    path(f"{CASE}custodians/<int:custodian_id>/report/", views.custodian_report_view, name="relief-custodian-report"),
    path(f"{CASE}custodians/<int:custodian_id>/proceeds/", views.custodian_proceed_view, name="relief-custodian-proceed"),
    path(f"{CASE}custodians/<int:custodian_id>/end/", views.custodian_end_view, name="relief-custodian-end"),
]
