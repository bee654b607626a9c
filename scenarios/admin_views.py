"""Admin screens for trainers: diagram and score range, JSON export, and import of a scenario
JSON file or a Twine story (Twee 3, Twine 2 HTML)."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from courses.models import CoursePage
from scenarios.diagram import DiagramUnavailable, graph_svg
from scenarios.engine import score_bounds, validate
from scenarios.graphs import page_graph
from scenarios.models import ScenarioPage
from scenarios.schema import SchemaError
from scenarios.selectors import scenario_export
from scenarios.services import InvalidScenario, scenario_import
from scenarios.twine import NotTwine, twine_import

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _editable(request: HttpRequest, page_id: int) -> ScenarioPage:
    page = get_object_or_404(ScenarioPage, pk=page_id)
    page = page.get_latest_revision_as_object()
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def diagram_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _editable(request, page_id)
    graph = page_graph(page)
    errors = [e.message(gettext) for e in validate(graph)]
    names = {c.code: c.name for c in graph.competencies}
    bounds = []
    if not errors:
        for code, low, high in score_bounds(graph).rows():
            bounds.append({"code": code, "name": names.get(code, gettext("Total")), "min": low, "max": high})
    return TemplateResponse(
        request,
        "scenarios/admin/diagram.html",
        {"page": page, "errors": errors, "bounds": bounds, "node_count": len(graph.nodes)},
    )


def diagram_svg_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _editable(request, page_id)
    try:
        svg = graph_svg(page_graph(page))
    except DiagramUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def export_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _editable(request, page_id)
    response = JsonResponse(scenario_export(page=page), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="scenario-{page.slug}.json"'
    return response


class ImportForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none(), required=False, help_text=_("Create a new draft here.")
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("A scenario JSON file, a Twee 3 file (.twee) or a story published from Twine 2 (.html)."),
    )

    def __init__(self, *args, target: ScenarioPage | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.order_by("title")
        if target is not None:
            del self.fields["course"]


def import_view(request: HttpRequest, page_id: int | None = None) -> HttpResponse:
    target = _editable(request, page_id) if page_id else None
    form = ImportForm(request.POST or None, request.FILES or None, target=target)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parent = form.cleaned_data.get("course")
        if target is None and parent is None:
            errors.append(gettext("Choose the course to import into."))
        elif parent is not None and not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        elif upload.size > MAX_IMPORT_BYTES:
            errors.append(gettext("The file is larger than 2 MB."))
        else:
            raw, notes = upload.read(), []
            try:
                if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
                    data = json.loads(raw.decode("utf-8-sig"))
                else:  # Twine: the passages and links a scenario can hold, the rest named
                    twine = twine_import(raw, filename=upload.name)
                    data, notes = twine.document, twine.notes
                page = scenario_import(data=data, user=request.user, parent=parent, page=target)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                errors.append(gettext("The file is not valid JSON: %(error)s") % {"error": exc})
            except NotTwine as exc:
                errors.append(str(exc))
            except (SchemaError, InvalidScenario) as exc:
                errors.extend(exc.errors)
            else:
                messages.success(request, gettext("Scenario “%(title)s” imported as a draft.") % {"title": page.title})
                if notes:
                    return TemplateResponse(
                        request, "scenarios/admin/import_done.html", {"page": page, "notes": notes, "target": target}
                    )
                return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "scenarios/admin/import.html", {"form": form, "errors": errors, "target": target})
