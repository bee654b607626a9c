import io

import pytest
from openpyxl import Workbook, load_workbook

from quizzes.bank_io.excel import HEADERS, excel_template, export_excel, parse_excel
from quizzes.bank_io.gift import export_gift, parse_gift
from quizzes.bank_io.moodle import export_moodle_xml, parse_moodle_xml
from quizzes.models import Question, QuestionCategory, QuestionImport, QuestionType
from quizzes.selectors import questions_for_export
from quizzes.services.bank import ImportRejected, question_import_apply, question_import_preview
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
    assert [q.qtype for q in report.questions] == ["single", "multiple", "true_false", "fill_in", "essay"]
    single, multiple = report.questions[:2]
    assert single.options[0] == ("民法典", True)
    assert [ok for _t, ok in multiple.options] == [True, True, True, False]
    assert report.questions[2].correct_true is False
    assert report.questions[3].accepted == ["119"]
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
    record, report = question_import_preview(
        fmt="excel", filename="bank.xlsx", data=data, default_category=None, user=trainer
    )
    where = list(dict.fromkeys(w for w, _m in report.errors))
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
    record, report = question_import_preview(
        fmt="excel", filename="bank.xlsx", data=data, default_category=default, user=trainer
    )
    assert report.ok, report.errors
    created = question_import_apply(import_id=record.pk, user=trainer)
    assert len(created) == 4
    fee = QuestionCategory.objects.get(name="物业费")
    assert fee.parent.name == "法律法规"
    first = Question.objects.get(category=fee, qtype=QuestionType.SINGLE)
    assert "<script>" not in first.stem and "alert" not in first.stem.split("物业费")[0] or "<" not in first.stem
    assert "<b>" not in first.options.get(sort_order=1).text
    fill = Question.objects.get(qtype=QuestionType.FILL_IN)
    assert fill.accepted_answer_list() == ["119", "１１９"] and fill.points == 2 and fill.difficulty == 1
    assert Question.objects.get(qtype=QuestionType.ESSAY).category == default
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
    )[1]
    assert report.errors and report.errors[0][0] == "row 2"


@pytest.mark.parametrize(
    "data",
    [b"not a spreadsheet", b"PK\x03\x04broken zip", xlsx([], header=["foo", "bar"]), xlsx([])],
)
def test_broken_excel_files_are_reported_not_raised(data):
    report = parse_excel(data)
    assert not report.ok and report.errors


MOODLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/投诉处理</text></category></question>
  <question type="multichoice">
    <name><text>LEARN</text></name>
    <questiontext format="html"><text><![CDATA[<p>LEARN 模式中的 <b>E</b> 指什么？</p>]]></text></questiontext>
    <generalfeedback format="html"><text>E 是共情。</text></generalfeedback>
    <defaultgrade>2</defaultgrade>
    <single>true</single>
    <answer fraction="100"><text>共情</text></answer>
    <answer fraction="0"><text>解释</text></answer>
  </question>
  <question type="multichoice">
    <name><text>闭环</text></name>
    <questiontext><text>投诉闭环包括哪些环节？</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>记录</text></answer>
    <answer fraction="50"><text>回访</text></answer>
    <answer fraction="-100"><text>拖延</text></answer>
  </question>
  <question type="truefalse">
    <name><text>事不过夜</text></name>
    <questiontext><text>投诉应当做到事不过夜。</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>首问</text></name>
    <questiontext><text>谁先接到诉求谁负责，这叫____。</text></questiontext>
    <answer fraction="100"><text>首问负责制</text></answer>
    <answer fraction="100"><text>首问责任制</text></answer>
  </question>
  <question type="essay">
    <name><text>案例</text></name>
    <questiontext><text>电梯反复故障，如何处理？</text></questiontext>
  </question>
  <question type="description"><name><text>说明</text></name><questiontext><text>以下为案例题</text></questiontext></question>
</quiz>"""


def test_moodle_xml_parses_every_supported_type():
    report = parse_moodle_xml(MOODLE.encode())
    assert report.ok, report.errors
    assert [q.qtype for q in report.questions] == ["single", "multiple", "true_false", "fill_in", "essay"]
    single = report.questions[0]
    assert single.stem == "LEARN 模式中的 E 指什么？" and single.points == 2 and single.category_path == ["投诉处理"]
    assert [ok for _t, ok in report.questions[1].options] == [True, True, False]
    assert report.questions[2].correct_true is True
    assert report.questions[3].accepted == ["首问负责制", "首问责任制"]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"<quiz><question type='multichoice'>", "file"),
        (b"<notquiz/>", "file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz><question type="essay"><questiontext><text>&x;</text></questiontext></question></quiz>',
            "file",
        ),
        (b"<quiz><question type='matching'><name><text>m</text></name></question></quiz>", "question 1 (m)"),
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


GIFT = """// 应急处置题库
$CATEGORY: $course$/top/应急处置/火灾

::火警:: 发现火情应拨打哪个电话？ {=119 ~110 ~120 ####火警电话是119。}

::疏散:: 火灾疏散时应怎么做？ {~%50%保持通道畅通 ~%50%引导邻居撤离 ~%-100%乘坐电梯}

::电梯:: 火灾时可以乘坐电梯逃生。 {F}

::燃气:: 闻到燃气味时，不能开关任何____。 {=电器 =电器开关}

::复盘:: 简述应急处置结束后为什么要复盘。 {}

::转义:: 比例写作 1\\:2 \\{注意\\} {=对 ~错}
"""


def test_gift_parses_every_supported_type():
    report = parse_gift(GIFT.encode())
    assert report.ok, report.errors
    assert [q.qtype for q in report.questions] == ["single", "multiple", "true_false", "fill_in", "essay", "single"]
    assert report.questions[0].explanation == "火警电话是119。"
    assert report.questions[0].category_path == ["应急处置", "火灾"]
    assert report.questions[2].correct_true is False
    assert report.questions[3].accepted == ["电器", "电器开关"]
    assert report.questions[5].stem == "比例写作 1:2 {注意}"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"\xff\xfe\x00bad", "file"),
        ("题目没有答案块".encode(), "question 1 (line 1)"),
        ("::a:: 两个块 {=a} {=b}".encode(), "question 1 (line 1)"),
        ("单选没有正确项 {~a ~b}".encode(), "question 1 (line 1)"),
        (b"", "file"),
    ],
)
def test_broken_gift_is_reported(data, where):
    report = parse_gift(data)
    assert not report.ok and report.errors[0][0] == where


def test_gift_errors_name_each_bad_question_and_nothing_is_imported():
    trainer = TrainerFactory().user
    data = "好题 {=对 ~错}\n\n坏题一 {~a ~b}\n\n坏题二 没有答案\n".encode()
    record, report = question_import_preview(
        fmt="gift",
        filename="b.gift",
        data=data,
        default_category=QuestionCategory.objects.create(name="x"),
        user=trainer,
    )
    assert list(dict.fromkeys(w for w, _m in report.errors)) == ["question 2 (line 3)", "question 3 (line 5)"]
    with pytest.raises(ImportRejected):
        question_import_apply(import_id=record.pk, user=trainer)
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("export", "parse"), [(export_excel, parse_excel), (export_moodle_xml, parse_moodle_xml), (export_gift, parse_gift)]
)
def test_export_then_import_round_trips(export, parse):
    trainer = TrainerFactory().user
    record, _report = question_import_preview(
        fmt="gift", filename="b.gift", data=GIFT.encode(), default_category=None, user=trainer
    )
    question_import_apply(import_id=record.pk, user=trainer)
    exported = export(questions_for_export())
    report = parse(exported)
    assert report.ok, report.errors
    original = list(questions_for_export())
    assert [q.qtype for q in report.questions] == [q.qtype for q in original]
    assert [q.stem for q in report.questions] == [q.stem for q in original]
    assert report.questions[3].accepted == ["电器", "电器开关"]
    assert [ok for _t, ok in report.questions[1].options] == [True, True, False]
    assert report.questions[0].category_path == ["应急处置", "火灾"]


def test_excel_export_keeps_formula_like_text_as_text():
    from tests.factories.quizzes import QuestionFactory

    QuestionFactory(stem='=HYPERLINK("http://evil")')
    wb = load_workbook(io.BytesIO(export_excel(questions_for_export())))
    assert wb.active["B2"].data_type == "s"
