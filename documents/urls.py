"""Browser pages of this app: the interest calculator and a case's documents."""

from django.urls import path

from documents import views

urlpatterns = [
    path("tools/late-interest/", views.late_interest, name="late-interest"),
    path("tools/late-interest/print/", views.late_interest_print, name="late-interest-print"),
    path("tools/late-interest/xlsx/", views.late_interest_xlsx, name="late-interest-xlsx"),
    path("cases/<int:pk>/interest/", views.case_interest, name="case-interest"),
    path("cases/<int:pk>/interest/print/", views.case_interest_print, name="case-interest-print"),
    path("cases/<int:pk>/interest/xlsx/", views.case_interest_xlsx, name="case-interest-xlsx"),
    path("cases/<int:pk>/documents/", views.case_document_generate, name="case-document-generate"),
    path("cases/<int:pk>/documents/<int:document_pk>/", views.case_document_download, name="case-document-download"),
    path("cases/<int:pk>/documents/<int:document_pk>/<str:file_format>/", views.case_document_download,
         name="case-document-file"),
]
