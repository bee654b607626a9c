from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("mine/", views.my_results_view, name="my_results"),
    path("<int:page_id>/start/", views.attempt_start_view, name="start"),
    path("<int:page_id>/start/confirm/", views.attempt_start_confirm_view, name="start_confirm"),
    path("<int:page_id>/analysis/", views.item_analysis_view, name="item_analysis"),
    path("attempts/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("attempts/<int:attempt_id>/state/", views.attempt_state_view, name="attempt_state"),
    path("attempts/<int:attempt_id>/answer/", views.answer_save_view, name="answer_save"),
    path("attempts/<int:attempt_id>/check/", views.answer_check_view, name="answer_check"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result_view, name="result"),
    path("marking/", views.marking_queue_view, name="marking"),
    path("marking/<int:answer_id>/", views.answer_mark_view, name="mark"),
]
