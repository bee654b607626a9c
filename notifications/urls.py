from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<int:notification_id>/read/", views.notification_read_view, name="read"),
    path("read-all/", views.notifications_read_all_view, name="read_all"),
    path("channels/", views.channel_choices_view, name="channels"),
    path("delivery/", views.delivery_report_view, name="delivery"),
]
