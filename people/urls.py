from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.staff_list_view, name="staff_list"),
    path("export.xlsx", views.staff_export_view, name="staff_export"),
    path("<int:pk>/", views.staff_detail_view, name="staff_detail"),
    path("import/", views.roster_upload_view, name="roster_upload"),
    path("import/template.xlsx", views.roster_template_view, name="roster_template"),
    path("import/<int:pk>/", views.roster_preview_view, name="roster_preview"),
    path("import/<int:pk>/confirm/", views.roster_confirm_view, name="roster_confirm"),
]
