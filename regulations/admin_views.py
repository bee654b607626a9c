"""Wagtail admin views of the regulation register (trainers and HR): the register, a regulation's
versions, clauses and citations, recording a version, citing a clause, and the review queue. Every
write is a POST through a service; deciding a review is asked once more on its own page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from org.models import Role
from org.selectors import user_role
from regulations.forms import CitationForm, DecideForm, RegulationForm, VersionForm
from regulations.models import Citation, Regulation, ReviewStatus
from regulations.selectors import regulation_detail, regulations_register, review_queue
from regulations.services import (
    citation_create,
    citation_delete,
    regulation_create,
    regulation_version_record,
    review_item_decide,
)

AUTHORS = (Role.TRAINER, Role.HR_ADMIN)


def user_may_use_register(user) -> bool:
    return user_role(user) in AUTHORS


def _require_author(request: HttpRequest) -> None:
    if not user_may_use_register(request.user):
        raise PermissionDenied


def register_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    return render(request, "regulations/admin/register.html", {"regulations": regulations_register()})


def regulation_add_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    form = RegulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        regulation = regulation_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Regulation added. Record its first version."))
        return redirect("regulations_version_add", regulation.pk)
    return render(request, "regulations/admin/regulation_add.html", {"form": form})


def regulation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_author(request)
    try:
        regulation = regulation_detail(pk=pk)
    except Regulation.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "regulations/admin/detail.html", {"regulation": regulation})


def version_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_author(request)
    regulation = get_object_or_404(Regulation, pk=pk)
    current = regulation.versions.filter(is_current=True).first()
    initial = {}
    if current is not None:
        initial["clauses"] = "\n".join(
            f"{c.number} | {c.text}" if c.key == c.number else f"{c.number} | {c.key} | {c.text}"
            for c in current.clauses.all()
        )
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = regulation_version_record(
                regulation=regulation,
                label=data["label"],
                effective_on=data["effective_on"],
                summary=data["summary"],
                clauses=data["clauses"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = len(recorded.flagged)
            messages.success(
                request,
                ngettext(
                    "Version recorded: %(count)s item goes to the review queue.",
                    "Version recorded: %(count)s items go to the review queue.",
                    count,
                )
                % {"count": count},
            )
            return redirect("regulations_detail", regulation.pk)
    return render(
        request, "regulations/admin/version_add.html", {"form": form, "regulation": regulation, "current": current}
    )


def citation_add_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    form = CitationForm(request.POST or None, initial={"clause": request.GET.get("clause")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citation = citation_create(
                clause=data["clause"], page=data["page"], question=data["question"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Citation added."))
            return redirect("regulations_detail", citation.clause.version.regulation_id)
    return render(request, "regulations/admin/citation_add.html", {"form": form})


@require_POST
def citation_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_author(request)
    citation = get_object_or_404(Citation.objects.select_related("clause__version"), pk=pk)
    regulation_id = citation.clause.version.regulation_id
    try:
        citation_delete(citation=citation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Citation removed."))
    return redirect("regulations_detail", regulation_id)


def review_queue_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    status = request.GET.get("status", ReviewStatus.OPEN)
    if status not in ReviewStatus.values:
        status = ReviewStatus.OPEN
    items = review_queue(status=status)[:200]
    return render(
        request,
        "regulations/admin/review_queue.html",
        {"items": items, "status": status, "statuses": ReviewStatus.choices},
    )


def review_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks (shows the old and new clause and the choice); POST decides."""
    _require_author(request)
    item = get_object_or_404(review_queue(status=ReviewStatus.OPEN), pk=pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_item_decide(
                item=item, status=form.cleaned_data["status"], actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review decided."))
            return redirect("regulations_review_queue")
    return render(request, "regulations/admin/review_decide.html", {"item": item, "form": form})
