"""Reads of the dashboard exports: a manager sees and downloads their own exports only."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from skills.models import DashboardExport

EXPORTS_LISTED = 20


def dashboard_exports_of(*, user: AbstractBaseUser) -> QuerySet[DashboardExport]:
    """The user's most recent exports, newest first (older ones have expired anyway)."""
    return DashboardExport.objects.filter(requested_by=user).order_by("-created_at", "-id")[:EXPORTS_LISTED]


def dashboard_export_of(*, user: AbstractBaseUser, pk: int) -> DashboardExport | None:
    """One of the user's own exports; someone else's is None (answered as not found)."""
    return DashboardExport.objects.filter(requested_by=user, pk=pk).first()
