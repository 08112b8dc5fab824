"""Browser pages of the legacy-ledger import."""

from django.urls import path

from imports import views

urlpatterns = [
    path("imports/", views.import_list, name="import-list"),
    path("imports/template.xlsx", views.import_template, name="import-template"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/status/", views.import_status, name="import-status"),
    path("imports/<int:pk>/errors.<str:file_format>", views.import_errors, name="import-errors"),
]
