from django.urls import path

from cases import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/mine/", views.my_cases, name="my-cases"),
    path("cases/register/", views.case_register, name="case-register"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/transition/", views.case_transition, name="case-transition"),
    path("cases/<int:pk>/reassign/", views.case_reassign_view, name="case-reassign"),
]
