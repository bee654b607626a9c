from django.urls import path

from accounts.views import hr, public

app_name = "accounts"
urlpatterns = [
    path("activate/", public.activate_view, name="activate"),
    path("activate/password/", public.activate_password_view, name="activate_password"),
    path("recover/", public.recover_view, name="recover"),
    path("recover/code/", public.recover_code_view, name="recover_code"),
    path("recover/password/", public.recover_password_view, name="recover_password"),
    path("slips/import/<int:pk>/", hr.roster_slips_view, name="roster_slips"),
    path("slips/pending/", hr.pending_slips_view, name="pending_slips"),
    path("people/<int:pk>/slip/", hr.person_slip_view, name="person_slip"),
    path("people/<int:pk>/reset/", hr.person_reset_view, name="person_reset"),
]
