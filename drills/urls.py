from django.urls import path

from drills import views

app_name = "drills"
urlpatterns = [
    path("", views.drill_list_view, name="list"),
    path("plan/", views.drill_plan_view, name="plan"),
    path("overview/", views.drill_overview_view, name="overview"),
    path("<int:pk>/", views.drill_detail_view, name="detail"),
    path("<int:pk>/code/", views.drill_qr_view, name="qr"),
    path("<int:pk>/sign-in/", views.drill_sign_in_view, name="sign_in"),
    path("<int:pk>/timeline/", views.drill_timeline_add_view, name="timeline_add"),
    path("<int:pk>/photos/", views.drill_photo_add_view, name="photo_add"),
    path("<int:pk>/findings/", views.drill_finding_add_view, name="finding_add"),
    path("<int:pk>/actions/", views.drill_action_add_view, name="action_add"),
    path("<int:pk>/close/", views.drill_close_view, name="close"),
    path("<int:pk>/report.pdf", views.drill_report_view, name="report"),
    path("photos/<int:pk>/", views.drill_photo_view, name="photo"),
    path("attendance/<int:pk>/assess/", views.drill_assess_view, name="assess"),
    path("actions/<int:pk>/close/", views.action_close_view, name="action_close"),
]
