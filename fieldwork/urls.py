from django.urls import path

from fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("", views.mine_view, name="mine"),
    path("new/", views.submit_view, name="submit"),
    path("review/", views.review_list_view, name="review_list"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/review/", views.review_view, name="review"),
    path("photos/<int:pk>/", views.photo_view, name="photo"),
    path("<int:pk>/video/", views.video_view, name="video"),
]
