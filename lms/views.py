from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from org.models import Role
from org.selectors import user_role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    role = user_role(request.user)
    if role == Role.MANAGER:
        return redirect("skills:dashboard")
    if role == Role.TRAINER:
        return redirect("wagtailadmin_home")
    if role == Role.HR_ADMIN:
        return redirect("people:staff_list")
    return redirect("courses:my_learning")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
