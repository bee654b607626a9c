from django.urls import path

from analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("courses/<int:pk>/", views.course_view, name="course"),
    path("programmes/<int:pk>/", views.programme_view, name="programme"),
]
