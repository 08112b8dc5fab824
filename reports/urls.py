from django.urls import path

from reports import views

urlpatterns = [path("reports/caseload/", views.caseload, name="caseload")]
