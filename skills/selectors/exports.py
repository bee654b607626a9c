"""Reads of the dashboard exports: a manager sees and downloads their own exports only."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from org.models import Post, Site
from skills.models import DashboardExport
from skills.selectors.dashboard import Filters

EXPORTS_LISTED = 20


def dashboard_exports_of(*, user: AbstractBaseUser) -> QuerySet[DashboardExport]:
    """The user's most recent exports, newest first (older ones have expired anyway)."""
    return DashboardExport.objects.filter(requested_by=user).order_by("-created_at", "-id")[:EXPORTS_LISTED]


def dashboard_export_of(*, user: AbstractBaseUser, pk: int) -> DashboardExport | None:
    """One of the user's own exports; someone else's is None (answered as not found)."""
    return DashboardExport.objects.filter(requested_by=user, pk=pk).first()


def dashboard_export_filter_labels(*, exports: list[DashboardExport]) -> dict[int, list[tuple[str, str]]]:
    """Each export's filters as a reader names them: ("Site", "阳光花园") rather than site=3.
    Two queries at most, for every export listed. A site or post deleted since shows its id."""
    filters = {export.pk: Filters.parse(export.filters) for export in exports}
    site_ids = {f.site_id for f in filters.values() if f.site_id}
    post_ids = {f.post_id for f in filters.values() if f.post_id}
    sites = dict(Site.objects.filter(pk__in=site_ids).values_list("pk", "name")) if site_ids else {}
    posts = dict(Post.objects.filter(pk__in=post_ids).values_list("pk", "name")) if post_ids else {}
    labels: dict[int, list[tuple[str, str]]] = {}
    for pk, f in filters.items():
        found = [(_("Site"), sites.get(f.site_id, f"#{f.site_id}"))] if f.site_id else []
        if f.post_id:
            found.append((_("Post"), posts.get(f.post_id, f"#{f.post_id}")))
        if f.q:
            found.append((_("Search"), f.q))
        labels[pk] = found
    return labels
