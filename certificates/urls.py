from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.my_certificates_view, name="mine"),
    path("verify/<str:code>.json", views.verify_json_view, name="verify_json"),
    path("verify/<str:code>/", views.verify_view, name="verify"),
    path("team/", views.team_view, name="team"),
    path("team/certificates.zip", views.team_zip_view, name="team_zip"),
    path("team/certificates.xlsx", views.team_xlsx_view, name="team_xlsx"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/download/", views.download_view, name="download"),
    path("<int:pk>/revoke/", views.revoke_view, name="revoke"),
    path("<int:pk>/retry/", views.retry_view, name="retry"),
    path("<int:pk>/renew/", views.renew_view, name="renew"),
]
