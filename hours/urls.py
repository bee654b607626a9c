from django.urls import path

from hours import views

app_name = "hours"
urlpatterns = [
    path("", views.report_view, name="report"),
    path("me/", views.mine_view, name="mine"),
    path("export/", views.export_request_view, name="export"),
    path("exports/", views.exports_view, name="exports"),
    path("exports/<int:pk>/download/", views.export_download_view, name="export_download"),
]
