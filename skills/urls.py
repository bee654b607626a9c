from django.urls import path

from skills import views

app_name = "skills"
urlpatterns = [
    path("", views.my_skills_view, name="mine"),
    path("goals/", views.goal_create_view, name="goal_create"),
    path("goals/<int:pk>/achieved/", views.goal_achieve_view, name="goal_achieve"),
    path("courses/<int:course_id>/reaction/", views.reaction_view, name="reaction"),
    path("team/", views.dashboard_view, name="dashboard"),
    path("team/exports/", views.exports_view, name="exports"),
    path("team/exports/<slug:table>/request/", views.export_request_view, name="export_request"),
    path("team/exports/<int:pk>/download/", views.export_download_view, name="export_download"),
    path("team/promotions/", views.pending_promotions_view, name="promotions"),
    path("team/promotions/<int:pk>/decide/", views.promotion_decide_view, name="promotion_decide"),
    path("team/people/<int:user_id>/", views.person_view, name="person"),
    path("team/people/<int:user_id>/assess/<int:rubric_id>/", views.assessment_create_view, name="assessment_create"),
    path("team/follow-ups/<int:pk>/", views.follow_up_view, name="follow_up"),
    path("team/assessments/<int:pk>/photo/", views.assessment_photo_view, name="assessment_photo"),
    path("team/evidence/<int:pk>/correct/", views.evidence_correct_view, name="evidence_correct"),
    path("team/reports/", views.reports_view, name="reports"),
    path("team/reports/<int:course_id>/", views.course_report_view, name="course_report"),
]
