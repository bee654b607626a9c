import io

import pytest
from openpyxl import Workbook, load_workbook

from quizzes.bank_io.excel import HEADERS, excel_template, export_excel, parse_excel
from quizzes.bank_io.gift import parse_gift
from quizzes.bank_io.moodle import parse_moodle_xml
from quizzes.models import Question, QuestionCategory, QuestionImport, QuestionType
from quizzes.selectors import questions_for_export
from quizzes.services.bank_import import ImportRejected, question_import_apply, question_import_preview
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db


def xlsx(rows, header=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(
    qtype, stem, options=(), answer="", explanation="解析", category="法律法规/物业费", difficulty="中", points=None
):
    opts = list(options) + [""] * (6 - len(options))
    return [qtype, stem, *opts, answer, explanation, category, difficulty, points]


def test_template_parses_to_one_question_of_each_type():
    report = parse_excel(excel_template())
    assert report.ok, report.errors
    assert [q.qtype for q in report.questions] == ["single", "multiple", "true_false", "fill_in", "numerical", "essay"]
    single, multiple = report.questions[:2]
    assert (single.options[0].text, single.options[0].correct) == ("民法典", True)
    assert single.options[0].feedback == "对，见民法典第三编第二十四章。"
    assert [o.correct for o in multiple.options] == [True, True, True, False]
    assert [str(o.fraction) for o in multiple.options] == ["33.33333", "33.33333", "33.33333", "-100"]
    assert report.questions[2].correct_true is False
    assert report.questions[2].true_feedback == "户内设施不属于物业服务范围。"
    assert report.questions[3].accepted == ["119"]
    assert [(a.value, a.tolerance) for a in report.questions[4].answers] == [(30, 0)]
    assert report.questions[5].grader_info == "谁先接待，谁负责跟进到办结。"
    assert single.category_path == ["法律法规", "物业服务合同"]


def test_excel_reports_every_bad_row_and_imports_nothing():
    trainer = TrainerFactory().user
    data = xlsx(
        [
            row("单选", "好题", ["甲", "乙"], "A"),
            row("单选", "答案指向空选项", ["甲", "乙"], "D"),
            row("多选", "无答案", ["甲", "乙"], ""),
            row("判断", "判断题答案不明", answer="也许"),
            row("填空", "填空无答案", answer=""),
            row("连线", "不支持的题型", answer="A"),
            row("单选", "", ["甲", "乙"], "A"),
            row("单选", "难度错", ["甲", "乙"], "A", difficulty="超难"),
        ]
    )
    record, plan = question_import_preview(
        fmt="excel", filename="bank.xlsx", data=data, default_category=None, user=trainer
    )
    where = list(dict.fromkeys(w for w, _m in plan.report.errors))
    assert where == ["row 3", "row 4", "row 5", "row 6", "row 7", "row 8", "row 9"]
    assert record.status == "rejected"
    with pytest.raises(ImportRejected):
        question_import_apply(import_id=record.pk, user=trainer)
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_excel_import_creates_nested_categories_and_sanitises_text():
    trainer = TrainerFactory().user
    data = xlsx(
        [
            row(
                "单选",
                "<script>alert(1)</script>物业费由谁缴纳？",
                ["业主", "<b>租户</b>"],
                "A",
                category="法律法规/物业费",
            ),
            row("多选", "哪些属于公共区域？", ["电梯", "楼道", "业主客厅"], "A,B", category="法律法规/物业费"),
            row("填空", "火警电话", answer="119|１１９", category="应急处置", difficulty="易", points=2),
            row("简答", "简述处理流程", answer="记录、响应、处理、回访", category=""),
        ]
    )
    default = QuestionCategory.objects.create(name="未分类")
    record, plan = question_import_preview(
        fmt="excel", filename="bank.xlsx", data=data, default_category=default, user=trainer
    )
    assert plan.report.ok, plan.report.errors
    result = question_import_apply(import_id=record.pk, user=trainer)
    assert (result.new, result.updated, result.unchanged) == (4, 0, 0)
    fee = QuestionCategory.objects.get(name="物业费")
    assert fee.parent.name == "法律法规"
    first = Question.objects.get(category=fee, qtype=QuestionType.SINGLE)
    assert "<script>" not in first.stem and "alert" not in first.stem.split("物业费")[0] or "<" not in first.stem
    assert "<b>" not in first.options.get(sort_order=1).text
    fill = Question.objects.get(qtype=QuestionType.FILL_IN)
    assert fill.accepted_answer_list() == ["119", "１１９"] and fill.points == 2 and fill.difficulty == 1
    essay = Question.objects.get(qtype=QuestionType.ESSAY)
    assert essay.category == default and essay.grader_info == "记录、响应、处理、回访" and essay.explanation == "解析"
    # applying the same file twice imports nothing more
    with pytest.raises(ImportRejected):
        question_import_apply(import_id=record.pk, user=trainer)
    assert Question.objects.count() == 4
    assert QuestionImport.objects.get().status == "imported"


def test_excel_missing_rows_without_category_need_a_default():
    report = question_import_preview(
        fmt="excel",
        filename="b.xlsx",
        data=xlsx([row("判断", "题", answer="对", category="")]),
        default_category=None,
        user=TrainerFactory().user,
    )[1].report
    assert report.errors and report.errors[0][0] == "row 2"


@pytest.mark.parametrize(
    "data",
    [b"not a spreadsheet", b"PK\x03\x04broken zip", xlsx([], header=["foo", "bar"]), xlsx([])],
)
def test_broken_excel_files_are_reported_not_raised(data):
    report = parse_excel(data)
    assert not report.ok and report.errors


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"<quiz><question type='multichoice'>", "file"),
        (b"<notquiz/>", "file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz><question type="essay"><questiontext><text>&x;</text></questiontext></question></quiz>',
            "file",
        ),
        (
            b"<quiz><question type='truefalse'><name><text>m</text></name><questiontext><text>q</text></questiontext><answer fraction='100'><text>maybe</text></answer></question></quiz>",
            "question 1 (m)",
        ),
        (
            b"<quiz><question type='multichoice'><questiontext><text>q</text></questiontext><single>true</single><answer fraction='0'><text>a</text></answer><answer fraction='0'><text>b</text></answer></question></quiz>",
            "question 1",
        ),
    ],
)
def test_broken_or_hostile_moodle_xml_is_reported(data, where):
    report = parse_moodle_xml(data)
    assert not report.ok
    assert report.errors[0][0] == where


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"\xff\xfe\x00bad", "file"),
        ("答案块没有结束 {=a ~b".encode(), "question 1 (line 1)"),
        ("::a:: 两个块 {=a} {=b}".encode(), "question 1 (line 1) “a”"),
        ("单选没有正确项 {~a ~b}".encode(), "question 1 (line 1)"),
        (b"", "file"),
    ],
)
def test_broken_gift_is_reported(data, where):
    report = parse_gift(data)
    assert not report.ok and report.errors[0][0] == where


def test_gift_errors_name_each_bad_question_and_nothing_is_imported():
    trainer = TrainerFactory().user
    data = "好题 {=对 ~错}\n\n坏题一 {~a ~b}\n\n坏题二 {#约三十}\n".encode()
    record, plan = question_import_preview(
        fmt="gift",
        filename="b.gift",
        data=data,
        default_category=QuestionCategory.objects.create(name="x"),
        user=trainer,
    )
    assert list(dict.fromkeys(w for w, _m in plan.report.errors)) == ["question 2 (line 3)", "question 3 (line 5)"]
    with pytest.raises(ImportRejected):
        question_import_apply(import_id=record.pk, user=trainer)
    assert not Question.objects.exists()


def test_excel_export_keeps_formula_like_text_as_text():
    from tests.factories.quizzes import QuestionFactory

    QuestionFactory(stem='=HYPERLINK("http://evil")')
    wb = load_workbook(io.BytesIO(export_excel(questions_for_export())))
    assert wb.active["B2"].data_type == "s"
