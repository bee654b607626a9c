"""Reads of the dashboard exports: a manager sees and downloads their own exports only."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from org.models import Post, Site
from skills.models import DashboardExport

EXPORTS_LISTED = 20


def dashboard_exports_of(*, user: AbstractBaseUser) -> QuerySet[DashboardExport]:
    """The user's most recent exports, newest first (older ones have expired anyway)."""
    return DashboardExport.objects.filter(requested_by=user).order_by("-created_at", "-id")[:EXPORTS_LISTED]


def dashboard_export_of(*, user: AbstractBaseUser, pk: int) -> DashboardExport | None:
    """One of the user's own exports; someone else's is None (answered as not found)."""
    return DashboardExport.objects.filter(requested_by=user, pk=pk).first()


def _as_id(value) -> int | None:
    return int(value) if str(value).isdigit() else None


def dashboard_export_filter_labels(*, exports: list[DashboardExport]) -> dict[int, list[tuple[str, str]]]:
    """Each export's filters as a reader names them: ("Site", "阳光花园") rather than site=3.
    Two queries at most, for every export listed. A site or post deleted since shows its id."""
    site_ids = {_as_id(e.filters.get("site")) for e in exports} - {None}
    post_ids = {_as_id(e.filters.get("post")) for e in exports} - {None}
    sites = dict(Site.objects.filter(pk__in=site_ids).values_list("pk", "name")) if site_ids else {}
    posts = dict(Post.objects.filter(pk__in=post_ids).values_list("pk", "name")) if post_ids else {}
    labels: dict[int, list[tuple[str, str]]] = {}
    for export in exports:
        found = []
        for key, label, names in (("site", _("Site"), sites), ("post", _("Post"), posts)):
            pk = _as_id(export.filters.get(key))
            if pk is not None:
                found.append((label, names.get(pk, f"#{pk}")))
        if export.filters.get("q"):
            found.append((_("Search"), str(export.filters["q"])))
        labels[export.pk] = found
    return labels
