"""Browser pages of pre-enforcement tracking (执前督促)."""

from django.urls import path

from tracking import views

urlpatterns = [
    path("tracking/", views.tracking_list, name="tracking-list"),
    path("tracking/register/", views.tracking_register, name="tracking-register"),
    path("tracking/metrics/", views.tracking_metrics, name="tracking-metrics"),
    path("tracking/<int:pk>/", views.tracking_detail, name="tracking-detail"),
    path("tracking/<int:pk>/correct/", views.tracking_correct, name="tracking-correct"),
    path("tracking/<int:pk>/remind/", views.tracking_remind, name="tracking-remind"),
    path("tracking/<int:pk>/warn/", views.tracking_warn, name="tracking-warn"),
    path("tracking/<int:pk>/check/", views.tracking_check, name="tracking-check"),
    path("tracking/<int:pk>/outcome/", views.tracking_outcome, name="tracking-outcome"),
    path("tracking/<int:pk>/hand-off/", views.tracking_hand_off, name="tracking-hand-off"),
]
