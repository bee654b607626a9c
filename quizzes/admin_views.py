"""Wagtail admin views for the question bank files: upload → preview with a row-by-row /
question-by-question error report → confirm (all or nothing); the Excel template; export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from org.models import Role
from org.selectors import user_role
from quizzes.bank_io.excel_export import excel_template, export_excel
from quizzes.bank_io.gift_export import export_gift
from quizzes.bank_io.moodle_export import export_moodle_xml
from quizzes.forms import BankExportForm, BankImportForm
from quizzes.models import QuestionImport
from quizzes.models.imports import ImportFormat
from quizzes.selectors import questions_for_export
from quizzes.services.bank_import import ImportRejected, question_import_apply, question_import_preview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTERS = {
    ImportFormat.EXCEL: (export_excel, XLSX, "xlsx"),
    ImportFormat.MOODLE_XML: (export_moodle_xml, "application/xml", "xml"),
    ImportFormat.GIFT: (export_gift, "text/plain; charset=utf-8", "gift.txt"),
}


def _require_author(request: HttpRequest) -> None:
    if user_role(request.user) not in (Role.TRAINER, Role.HR_ADMIN):
        raise PermissionDenied


def bank_import_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    form = BankImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record, plan = question_import_preview(
            fmt=form.cleaned_data["fmt"],
            filename=upload.name,
            data=upload.read(),
            default_category=form.cleaned_data["default_category"],
            user=request.user,
        )
        return render(
            request, "quizzes/admin/import_preview.html", {"record": record, "plan": plan, "report": plan.report}
        )
    return render(
        request,
        "quizzes/admin/import.html",
        {
            "form": form,
            "export_form": BankExportForm(auto_id="id_export_%s"),  # the import form has id_fmt too
            "imports": QuestionImport.objects.select_related("created_by")[:10],
        },
    )


@require_POST
def bank_import_confirm_view(request: HttpRequest, import_id: int) -> HttpResponse:
    _require_author(request)
    record = get_object_or_404(QuestionImport, pk=import_id)
    try:
        result = question_import_apply(import_id=record.pk, user=request.user)
    except ImportRejected as rejected:
        count = len(rejected.errors)
        messages.error(
            request,
            ngettext("Nothing was imported: %(count)s problem.", "Nothing was imported: %(count)s problems.", count)
            % {"count": count},
        )
        return redirect("quizzes_bank_import")
    if result.new or result.updated:
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"new": result.new, "updated": result.updated, "unchanged": result.unchanged},
        )
    else:
        messages.info(
            request,
            ngettext(
                "Nothing changed: the bank already holds the question as it is in the file.",
                "Nothing changed: the bank already holds all %(count)s questions as they are in the file.",
                result.unchanged,
            )
            % {"count": result.unchanged},
        )
    return redirect("quizzes_bank_import")


def bank_template_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    response = HttpResponse(excel_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="question-bank-template.xlsx"'
    return response


def bank_export_view(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    form = BankExportForm(request.GET)
    if not form.is_valid():
        return redirect("quizzes_bank_import")
    category = form.cleaned_data["category"]
    exporter, content_type, extension = EXPORTERS[form.cleaned_data["fmt"]]
    data = exporter(questions_for_export(category_id=category.pk if category else None))
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="question-bank.{extension}"'
    return response
