"""The inbox (every signed-in person), their channel choices, and HR's delivery report with the
company's default channels. Every change is a POST; a notification is only ever its owner's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications.channels import enabled_channels
from notifications.forms import ChannelChoicesForm, UndeliveredFilterForm
from notifications.messages import Kind
from notifications.selectors import channel_choices_of, delivery_report, inbox, undelivered
from notifications.services import (
    channel_choices_reset,
    channel_choices_set,
    channel_defaults_set,
    channels_by_default,
    channels_chosen,
    notification_mark_read,
    notifications_mark_all_read,
)
from org.models import Role
from org.selectors import user_role

PAGE_SIZE = 20


@login_required
@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark read, then open what it is about (its own link, never one from the request)."""
    notification = notification_mark_read(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404
    if request.POST.get("open") and notification.url and _internal(request, notification.url):
        return redirect(notification.url)
    page = request.POST.get("page", "")
    return redirect(f"{_inbox_url()}?page={page}" if page.isdigit() else _inbox_url())


@login_required
@require_POST
def notifications_read_all_view(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect(_inbox_url())


@login_required
@require_http_methods(["GET", "POST"])
def channel_choices_view(request: HttpRequest) -> HttpResponse:
    """The person's channels per kind, starting from what applies to them now."""
    channels = list(enabled_channels())
    current = channels_chosen(user_ids={request.user.pk}, kinds=set(Kind.values))
    initial = {kind: chosen for (_user, kind), chosen in current.items()}
    if request.method == "POST" and request.POST.get("reset"):
        channel_choices_reset(user=request.user)
        messages.success(request, _("Your notifications follow the company's defaults again."))
        return redirect("notifications:channels")
    form = ChannelChoicesForm(request.POST or None, channels=channels, initial_choices=initial)
    if request.method == "POST" and form.is_valid():
        channel_choices_set(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification channels are saved."))
        return redirect("notifications:channels")
    own = channel_choices_of(user=request.user)
    return render(request, "notifications/channels.html", {"form": form, "channels": channels, "own": bool(own)})


@login_required
@require_http_methods(["GET", "POST"])
def delivery_report_view(request: HttpRequest) -> HttpResponse:
    """HR: how notifications fare, who could not be reached and why, and the company's defaults."""
    if user_role(request.user) != Role.HR_ADMIN:
        raise PermissionDenied
    channels = list(enabled_channels())
    initial = channels_by_default(kinds=set(Kind.values))
    form = ChannelChoicesForm(request.POST or None, channels=channels, initial_choices=initial, prefix="defaults")
    if request.method == "POST" and form.is_valid():
        channel_defaults_set(defaults=form.choices())
        messages.success(request, _("The company's default channels are saved."))
        return redirect("notifications:delivery")
    filters = UndeliveredFilterForm(request.GET or None)
    everything = filters.is_valid() and filters.cleaned_data["everything"]
    page = Paginator(undelivered(unread_only=not everything), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/delivery.html",
        {"report": delivery_report(), "page": page, "filters": filters, "form": form, "channels": channels},
    )


def _inbox_url() -> str:
    return reverse("notifications:inbox")


def _internal(request: HttpRequest, url: str) -> bool:
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
