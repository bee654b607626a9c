from django.urls import path

from scenarios import views

app_name = "scenarios"
urlpatterns = [
    path("", views.scenario_list_view, name="list"),
    path("<int:page_id>/start/", views.run_start_view, name="start"),
    path("<int:page_id>/analytics/", views.scenario_analytics_view, name="analytics"),
    path("runs/<int:run_id>/", views.run_debrief_view, name="debrief"),
    path("runs/<int:run_id>/choose/", views.run_choose_view, name="choose"),
    path("runs/<int:run_id>/back/", views.run_back_view, name="back"),
    path("runs/<int:run_id>/timeout/", views.run_timeout_view, name="timeout"),
]
