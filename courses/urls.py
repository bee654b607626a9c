from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("", views.my_learning_view, name="my_learning"),
    path("lessons/<int:page_id>/done/", views.lesson_mark_done_view, name="lesson_mark_done"),
    path("lessons/<int:page_id>/time/", views.lesson_time_view, name="lesson_time"),
    path("assign/", views.programme_assign_view, name="programme_assign"),
]
