"""Question bank imports: a preview that parses and reports every problem by row / question,
then an all-or-nothing import of the previewed file. Text is sanitised by the parsers."""

import random
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from quizzes.admin_forms import pass_mark_unreachable_message
from quizzes.bank_io.common import ParseReport
from quizzes.bank_io.excel import parse_excel
from quizzes.bank_io.gift import parse_gift
from quizzes.bank_io.moodle import parse_moodle_xml
from quizzes.models import (
    Question,
    QuestionCategory,
    QuestionImport,
    QuestionOption,
    QuizCategoryDraw,
    QuizPage,
    QuizQuestion,
)
from quizzes.models.bank import ImportFormat, ImportStatus, auto_marked_types
from quizzes.selectors import DrawSpec, quiz_paper_auto_floor

PARSERS = {ImportFormat.EXCEL: parse_excel, ImportFormat.MOODLE_XML: parse_moodle_xml, ImportFormat.GIFT: parse_gift}
MAX_UPLOAD = 5 * 1024 * 1024


def question_create(
    *,
    category: QuestionCategory,
    qtype: str,
    stem: str,
    options: list[tuple[str, bool]] = (),
    correct_true: bool | None = None,
    accepted: list[str] = (),
    explanation: str = "",
    difficulty: int = 2,
    points: Decimal = Decimal("1"),
) -> Question:
    """One question with its options; the path imports, the demo and tests share."""
    question = Question.objects.create(
        category=category,
        qtype=qtype,
        stem=stem,
        correct_true=correct_true,
        accepted_answers="\n".join(accepted),
        explanation=explanation,
        difficulty=difficulty,
        points=points,
    )
    rows = [
        QuestionOption(question=question, text=text, is_correct=ok, sort_order=i)
        for i, (text, ok) in enumerate(options)
    ]
    # Rows are inserted in random order (shown by sort_order): option ids reach the browser, and
    # ids that followed the authored order would hint that "the first option is the right one".
    random.shuffle(rows)
    QuestionOption.objects.bulk_create(rows)
    return question


@transaction.atomic
def quiz_page_create(
    *,
    course: Page,
    title: str,
    slug: str,
    draws: list[tuple[QuestionCategory, int] | tuple[QuestionCategory, int, list[str]]] = (),
    questions: list[Question] = (),
    **settings,
) -> QuizPage:
    """Add a published quiz step to a course, with fixed questions and per-category draws (a draw
    takes the automatically marked types unless it lists its own). Refused, as the editor refuses
    it, when essays on a possible paper put the pass mark out of reach without a trainer's marking
    and the quiz is not hand-marked."""
    quiz = QuizPage(title=title, slug=slug, **settings)
    specs = [
        DrawSpec(
            category_id=category.pk,
            count=count,
            difficulty=None,
            question_types=list(types[0]) if types else auto_marked_types(),
        )
        for category, count, *types in draws
    ]
    if not quiz.hand_marked:
        floor = quiz_paper_auto_floor(
            fixed_question_ids=[q.pk for q in questions],
            draws=specs,
            max_questions=quiz.max_questions,
            random_order=quiz.random_order,
        )
        if quiz.pass_needs_marking(auto_floor=floor):
            raise ValidationError({"pass_mark": pass_mark_unreachable_message(floor=floor, pass_mark=quiz.pass_mark)})
    course.add_child(instance=quiz)
    for i, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=i)
    for i, spec in enumerate(specs):
        QuizCategoryDraw.objects.create(
            quiz=quiz,
            category_id=spec.category_id,
            count=spec.count,
            question_types=spec.question_types,
            sort_order=i,
        )
    quiz.save_revision().publish()
    return quiz


class ImportRejected(Exception):
    def __init__(self, errors: list):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


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


@transaction.atomic
def question_import_preview(
    *, fmt: str, filename: str, data: bytes, default_category: QuestionCategory | None, user: AbstractBaseUser
) -> tuple[QuestionImport, ParseReport]:
    """Keep the upload and report what would be imported; writes no question."""
    report = bank_file_parse(fmt=fmt, data=data, default_category=default_category)
    record = QuestionImport.objects.create(
        fmt=fmt,
        filename=filename[:200],
        payload=data,
        default_category=default_category,
        question_count=len(report.questions),
        errors=[list(e) for e in report.errors],
        status=ImportStatus.PREVIEWED if report.ok else ImportStatus.REJECTED,
        created_by=user,
    )
    return record, report


def _category_for(path: list[str], default: QuestionCategory | None, cache: dict) -> QuestionCategory:
    if not path:
        return default
    key = tuple(path)
    if key not in cache:
        parent = None
        for name in path:
            parent, _created = QuestionCategory.objects.get_or_create(parent=parent, name=name)
        cache[key] = parent
    return cache[key]


@transaction.atomic
def question_import_apply(*, import_id: int, user: AbstractBaseUser) -> list[Question]:
    """Import every question of a previewed file, or none: the file is parsed again, any error
    rejects it whole, and the writes run in one transaction. An import is applied once."""
    record = QuestionImport.objects.select_for_update().get(pk=import_id)
    if record.status != ImportStatus.PREVIEWED:
        raise ImportRejected([("file", str(_("This file has already been imported or was rejected.")))])
    report = bank_file_parse(fmt=record.fmt, data=bytes(record.payload), default_category=record.default_category)
    if not report.ok:
        record.status = ImportStatus.REJECTED
        record.errors = [list(e) for e in report.errors]
        record.save(update_fields=["status", "errors"])
        raise ImportRejected(report.errors)
    cache: dict = {}
    created = [
        question_create(
            category=_category_for(parsed.category_path, record.default_category, cache),
            qtype=parsed.qtype,
            stem=parsed.stem,
            options=parsed.options,
            correct_true=parsed.correct_true,
            accepted=parsed.accepted,
            explanation=parsed.explanation,
            difficulty=parsed.difficulty,
            points=parsed.points,
        )
        for parsed in report.questions
    ]
    record.status = ImportStatus.IMPORTED
    record.question_count = len(created)
    record.save(update_fields=["status", "question_count"])
    return created
