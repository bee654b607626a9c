"""Question bank imports: a preview that parses the file, reports every problem by row or question,
names what it cannot import, and says how many questions are new, updated or unchanged; then an
all-or-nothing import of the previewed file. Importing a file again updates the questions it
holds instead of adding them twice, and a file already imported as it is changes nothing."""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from quizzes.bank_io.common import ParsedQuestion, ParseReport
from quizzes.bank_io.excel import parse_excel
from quizzes.bank_io.gift import parse_gift
from quizzes.bank_io.moodle import parse_moodle_xml
from quizzes.models import Question, QuestionAnswer, QuestionCategory, QuestionImport, QuestionOption, QuestionType
from quizzes.models.imports import ImportFormat, ImportStatus
from quizzes.selectors.bank_import import NEW, UPDATED, ImportPlan, bank_import_plan
from quizzes.selectors.question_cache import bank_cache_renew

PARSERS = {ImportFormat.EXCEL: parse_excel, ImportFormat.MOODLE_XML: parse_moodle_xml, ImportFormat.GIFT: parse_gift}
MAX_UPLOAD = 5 * 1024 * 1024


class ImportRejected(Exception):
    def __init__(self, errors: list):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    new: int
    updated: int
    unchanged: int


def bank_file_parse(*, fmt: str, data: bytes, default_category: QuestionCategory | None) -> ParseReport:
    if len(data) > MAX_UPLOAD:
        report = ParseReport()
        report.error(_("file"), _("The file is larger than 5 MB."))
        return report
    report = PARSERS[fmt](data)
    if default_category is None:
        for question in report.questions:
            if not question.category_path:
                report.error(question.source, _("No category: fill in the category or choose a default one."))
    return report


def _record_counts(record: QuestionImport, plan: ImportPlan) -> None:
    record.question_count = len(plan.rows) or len(plan.report.questions)
    record.new_count, record.updated_count, record.unchanged_count = plan.new, plan.updated, plan.unchanged


@transaction.atomic
def question_import_preview(
    *, fmt: str, filename: str, data: bytes, default_category: QuestionCategory | None, user: AbstractBaseUser
) -> tuple[QuestionImport, ImportPlan]:
    """Keep the upload and say what importing it would do; writes no question."""
    report = bank_file_parse(fmt=fmt, data=data, default_category=default_category)
    plan = bank_import_plan(report=report, default_category=default_category) if report.ok else ImportPlan(report)
    record = QuestionImport(
        fmt=fmt,
        filename=filename[:200],
        payload=data,
        default_category=default_category,
        errors=[list(e) for e in report.errors],
        status=ImportStatus.PREVIEWED if report.ok else ImportStatus.REJECTED,
        created_by=user,
    )
    _record_counts(record, plan)
    record.save()
    return record, plan


def _category_for(path: tuple, report: ParseReport, cache: dict) -> QuestionCategory:
    """The category at `path` ((context, *names)), created with its parents when missing; a new
    top category keeps the Moodle context, a new category the description the file gives it."""
    if path not in cache:
        context, names = path[0], list(path[1:])
        parent = None
        for depth in range(len(names)):
            lookup = {"parent": parent, "name": names[depth]}
            if depth == 0:
                lookup["moodle_context"] = context
            description = report.categories.get((context, *names[: depth + 1]), "")
            parent, _created = QuestionCategory.objects.get_or_create(**lookup, defaults={"description": description})
        cache[path] = parent
    return cache[path]


def _rows_in_place(existing: list, wanted: list[dict], model, question: Question, *, shuffle: bool) -> None:
    """Rows updated position by position (ids that attempts refer to stay), extra rows added,
    missing ones removed. New options are inserted in random order: option ids reach the
    browser, and ids that followed the authored order would hint at the right one."""
    for row, values in zip(existing, wanted, strict=False):
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            row.save(update_fields=changed)
    added = [model(question=question, **values) for values in wanted[len(existing) :]]
    if shuffle:
        random.shuffle(added)
    model.objects.bulk_create(added)
    bank_cache_renew()  # bulk_create sends no signal
    for row in existing[len(wanted) :]:
        row.delete()


def question_write(*, question: Question | None, parsed: ParsedQuestion, category: QuestionCategory) -> Question:
    """Create a question from a parsed one, or update `question` to it. What the file does not
    give (None) keeps the bank's value, or the default on a new question."""
    question = question or Question(difficulty=2, points=Decimal("1"))
    question.category = category
    question.qtype = parsed.qtype
    question.name = parsed.display_name
    question.idnumber = parsed.idnumber or question.idnumber
    question.stem = parsed.stem
    question.correct_true = parsed.correct_true if parsed.qtype == QuestionType.TRUE_FALSE else None
    question.true_feedback, question.false_feedback = parsed.true_feedback, parsed.false_feedback
    question.accepted_answers = "\n".join(parsed.accepted)
    question.case_sensitive = parsed.case_sensitive
    question.explanation, question.grader_info = parsed.explanation, parsed.grader_info
    for name in ("difficulty", "points", "is_active"):
        if getattr(parsed, name) is not None:
            setattr(question, name, getattr(parsed, name))
    question.save()
    options = [
        {"text": o.text, "is_correct": o.correct, "fraction": o.fraction, "feedback": o.feedback, "sort_order": i}
        for i, o in enumerate(parsed.options)
    ]
    existing = sorted(question.options.all(), key=lambda o: (o.sort_order or 0, o.pk))
    _rows_in_place(existing, options, QuestionOption, question, shuffle=True)
    answers = [
        {
            "text": a.text,
            "value": a.value,
            "tolerance": a.tolerance,
            "fraction": a.fraction,
            "feedback": a.feedback,
            "sort_order": i,
        }
        for i, a in enumerate(parsed.answers)
    ]
    existing = sorted(question.answer_keys.all(), key=lambda a: (a.sort_order or 0, a.pk))
    _rows_in_place(existing, answers, QuestionAnswer, question, shuffle=False)
    if parsed.tags is not None and sorted(parsed.tags) != sorted(t.name for t in question.tags.all()):
        question.tags.set(parsed.tags)
        question.save()
    return question


@transaction.atomic
def question_import_apply(*, import_id: int, user: AbstractBaseUser) -> ImportResult:
    """Import every question of a previewed file, or none: the file is parsed and matched against
    the bank again, any error rejects it whole, and the writes run in one transaction. New
    questions are added, changed ones updated in place, unchanged ones left alone. An import is
    applied once."""
    record = QuestionImport.objects.select_for_update().get(pk=import_id)
    if record.status != ImportStatus.PREVIEWED:
        raise ImportRejected([("file", str(_("This file has already been imported or was rejected.")))])
    report = bank_file_parse(fmt=record.fmt, data=bytes(record.payload), default_category=record.default_category)
    if not report.ok:
        record.status = ImportStatus.REJECTED
        record.errors = [list(e) for e in report.errors]
        record.save(update_fields=["status", "errors"])
        raise ImportRejected(report.errors)
    plan = bank_import_plan(report=report, default_category=record.default_category)
    cache: dict = {}
    for row in plan.rows:
        if row.status in (NEW, UPDATED):
            question_write(
                question=row.existing, parsed=row.parsed, category=_category_for(row.category, report, cache)
            )
    record.status = ImportStatus.IMPORTED
    _record_counts(record, plan)
    record.save(update_fields=["status", "question_count", "new_count", "updated_count", "unchanged_count"])
    return ImportResult(new=plan.new, updated=plan.updated, unchanged=plan.unchanged)
