"""Export then import gives identical questions, in each format, for all six types and every
option the bank keeps: read back, the exported file equals the bank; imported into the same bank
it changes nothing; imported into an empty bank it rebuilds the same questions."""

from decimal import Decimal
from pathlib import Path

import pytest

from quizzes.bank_io.common import ParsedAnswer, ParsedOption, ParsedQuestion
from quizzes.bank_io.excel import excel_template, parse_excel
from quizzes.bank_io.excel_export import export_excel
from quizzes.bank_io.gift import parse_gift
from quizzes.bank_io.gift_export import export_gift
from quizzes.bank_io.moodle import parse_moodle_xml
from quizzes.bank_io.moodle_export import export_moodle_xml
from quizzes.models import Question, QuestionCategory
from quizzes.selectors import questions_for_export
from quizzes.selectors.bank_import import CategoryIndex, parsed_snapshot, question_snapshot
from quizzes.services.bank_import import question_import_apply, question_import_preview, question_write
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = {
    "excel": (export_excel, parse_excel),
    "moodle_xml": (export_moodle_xml, parse_moodle_xml),
    "gift": (export_gift, parse_gift),
}
SOURCES = {
    "moodle_docs.gift": ("gift", lambda: (FIXTURES / "moodle_docs.gift").read_bytes()),
    "moodle_docs.xml": ("moodle_xml", lambda: (FIXTURES / "moodle_docs.xml").read_bytes()),
    "template.xlsx": ("excel", excel_template),
}


def _import(fmt: str, data: bytes, user) -> None:
    record, plan = question_import_preview(
        fmt=fmt, filename="bank", data=data, default_category=QuestionCategory.objects.first(), user=user
    )
    assert plan.report.ok, plan.report.errors
    question_import_apply(import_id=record.pk, user=user)


def _authored_in_the_bank() -> None:
    """What trainers make in the editor and Moodle files rarely hold: a multiple choice scored by
    the quiz's rule, an inactive hard question worth 2.5, tags, a case-sensitive list answer, an
    essay with a marking guide, options without shares, text with GIFT's special characters."""
    category = QuestionCategory.objects.create(name="编辑器/手工")
    parsed = [
        ParsedQuestion(
            source="",
            qtype="multiple",
            name="按测验规则",
            stem="哪些属于公共区域？{注意} a=b ~ c # d : e \\ f",
            options=[ParsedOption("电梯", True, None, "对。"), ParsedOption("楼道", True), ParsedOption("客厅", False)],
            difficulty=3,
            points=Decimal("2.5"),
            is_active=False,
            tags=["公共区域", "物业 服务"],
            explanation="公共区域\n属于全体业主。",
        ),
        ParsedQuestion(source="", qtype="fill_in", stem="元素符号____", accepted=["Ne", "a*b"], case_sensitive=True),
        ParsedQuestion(source="", qtype="essay", stem="简述流程。", grader_info="要点：记录]、响应\n回访"),
        ParsedQuestion(
            source="",
            qtype="numerical",
            stem="负数？",
            answers=[
                ParsedAnswer(value=Decimal("-1.25"), tolerance=Decimal("0.01")),
                ParsedAnswer(text="*", fraction=0),
            ],
        ),
    ]
    for question in parsed:
        question_write(question=None, parsed=question, category=category)


@pytest.fixture
def bank():
    trainer = TrainerFactory().user
    QuestionCategory.objects.create(name="默认")
    for fmt, data in SOURCES.values():
        _import(fmt, data(), trainer)
    _authored_in_the_bank()
    return trainer


def _bank_snapshots() -> list[dict]:
    categories = CategoryIndex()
    return [question_snapshot(q, categories) for q in questions_for_export()]


def _empty_the_bank() -> None:
    Question.objects.all().delete()
    while QuestionCategory.objects.exists():
        QuestionCategory.objects.filter(children__isnull=True).delete()


def test_the_bank_holds_all_six_types(bank):
    assert set(Question.objects.values_list("qtype", flat=True)) == {
        "single",
        "multiple",
        "true_false",
        "fill_in",
        "numerical",
        "essay",
    }
    assert Question.objects.filter(options__fraction__isnull=False).exists()
    assert Question.objects.filter(answer_keys__feedback__gt="").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_exported_file_reads_back_as_the_bank(bank, fmt):
    export, parse = FORMATS[fmt]
    before = _bank_snapshots()
    report = parse(export(questions_for_export()))
    assert report.ok and not report.skipped and not report.notes, (report.errors, report.skipped, report.notes)
    read = [
        parsed_snapshot(p, category=(p.category_context, *p.category_path), existing=None) for p in report.questions
    ]
    assert len(read) == len(before)
    for after, original in zip(read, before, strict=True):
        assert after == original


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_an_export_into_the_same_bank_changes_nothing(bank, fmt):
    export, _parse = FORMATS[fmt]
    before = _bank_snapshots()
    record, plan = question_import_preview(
        fmt=fmt, filename="again", data=export(questions_for_export()), default_category=None, user=bank
    )
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, len(before)) and plan.changes_nothing
    result = question_import_apply(import_id=record.pk, user=bank)
    assert (result.new, result.updated) == (0, 0)
    assert _bank_snapshots() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_an_export_into_an_empty_bank_rebuilds_the_same_questions(bank, fmt):
    export, _parse = FORMATS[fmt]
    before = _bank_snapshots()
    data = export(questions_for_export())
    _empty_the_bank()
    _import(fmt, data, bank)
    assert sorted(_bank_snapshots(), key=lambda s: s["idnumber"]) == sorted(before, key=lambda s: s["idnumber"])
