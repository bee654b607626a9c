from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_home_view, name="home"),
    path("staff/<int:profile_id>/", views.staff_privacy_view, name="staff"),
    path("staff/<int:profile_id>/export/", views.staff_export_view, name="export"),
    path("audit/", views.audit_log_view, name="audit_log"),
]
