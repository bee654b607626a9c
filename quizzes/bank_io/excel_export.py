"""The Excel 题库 layout's columns, the downloadable template, and the export of the bank in it
(read back by quizzes.bank_io.excel: an exported file imports as the same questions)."""

import io
import string

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from quizzes.bank_io.common import EXCEL_TYPE_LABEL
from quizzes.bank_io.exporting import category_path_of, number, option_fractions
from quizzes.models.bank import QuestionType

LETTERS = string.ascii_uppercase
SHOWN = "ABCDEF"
HEADERS = ["题型", "题干", *[f"选项{c}" for c in SHOWN], "答案", "解析", "分类", "难度", "分值"]
EXTRA_HEADERS = ["名称", "编号", "标签", "选项得分", *[f"反馈{c}" for c in SHOWN], "区分大小写", "状态"]
DIFFICULTY_LABEL = {1: "易", 2: "中", 3: "难"}
EXAMPLES = [
    {
        "题型": "单选",
        "题干": "物业服务合同的规定主要见于哪部法律？",
        "选项": ["民法典", "刑法", "公司法"],
        "答案": "A",
        "解析": "物业服务合同是民法典合同编中的典型合同。",
        "分类": "法律法规/物业服务合同",
        "难度": "易",
        "分值": 1,
        "反馈": ["对，见民法典第三编第二十四章。", "刑法规定犯罪与刑罚。", "公司法规定公司的组织。"],
    },
    {
        "题型": "多选",
        "题干": "LEARN 投诉处理模式包括哪些环节？",
        "选项": ["倾听", "共情", "行动", "争辩"],
        "答案": "ABC",
        "解析": "LEARN：倾听、共情、行动、回应、通知。",
        "分类": "投诉处理",
        "难度": "中",
        "分值": 2,
        "选项得分": "33.33333|33.33333|33.33333|-100",
    },
    {
        "题型": "判断",
        "题干": "业主室内自有设施的损坏一律由物业公司负责赔偿。",
        "答案": "错",
        "解析": "户内设施由业主自行负责，公共区域才属于物业责任范围。",
        "分类": "法律法规",
        "难度": "易",
        "分值": 1,
        "反馈": ["户内设施不属于物业服务范围。", ""],
    },
    {
        "题型": "填空",
        "题干": "发现火情应立即拨打火警电话____。",
        "答案": "119",
        "解析": "火警电话为119。",
        "分类": "应急处置/火灾",
        "难度": "易",
        "分值": 1,
    },
    {
        "题型": "数值",
        "题干": "电梯困人，维保人员应在多少分钟内到场？",
        "答案": "30",
        "解析": "电梯困人后维保单位应在30分钟内到达现场。",
        "分类": "工程维修/电梯",
        "难度": "中",
        "分值": 1,
    },
    {
        "题型": "简答",
        "题干": "简述首问负责制的含义。",
        "答案": "谁先接待，谁负责跟进到办结。",
        "解析": "首先接到诉求的员工负责跟进直至闭环。",
        "分类": "投诉处理",
        "难度": "中",
        "分值": 5,
    },
]
NOTES = [
    "题型：单选 / 多选 / 判断 / 填空 / 数值 / 简答",
    "答案：选择题填字母，如 A 或 ABD；判断题填 对 或 错；填空题多个可接受答案用 | 分隔；"
    "数值题填数字及允许误差，如 3.5±0.5 或 1..5；简答题可填参考答案（供阅卷人参考）",
    "选项得分：按选项顺序填每个选项占本题分值的百分比，如 100|50|0|-50（同 Moodle）；留空则按答案和测验的多选评分规则计分",
    "填空、数值题的部分得分答案：答案写在 选项A、选项B …，得分写在 选项得分，反馈写在 反馈A、反馈B …",
    "反馈A … 反馈F：学员选了该选项时看到的反馈；判断题的 反馈A 为答“对”时的反馈，反馈B 为答“错”时的反馈",
    "分类：用 / 分隔子分类，如 法律法规/物业费；留空则用导入时选择的默认分类",
    "难度：易 / 中 / 难；分值：默认 1；状态：启用 / 停用；区分大小写：是 / 否（填空题）",
    "编号：导出时自动填写，再次导入同一编号的题目会更新原题而不是重复添加",
    "导入前先预览；有任何错误时整份文件都不会导入。",
]


def _header_row(width: int) -> list[str]:
    more = LETTERS[len(SHOWN) : width]
    return [*HEADERS, *EXTRA_HEADERS, *[f"选项{c}" for c in more], *[f"反馈{c}" for c in more]]


def _layout(values: dict, width: int) -> list:
    """A row in the header's column order from {header: value}, 选项 and 反馈 given as lists."""
    options, feedback = values.get("选项", []), values.get("反馈", [])
    cells = {f"选项{LETTERS[i]}": text for i, text in enumerate(options)}
    cells |= {f"反馈{LETTERS[i]}": text for i, text in enumerate(feedback)}
    return [values.get(name, cells.get(name, "")) for name in _header_row(width)]


def _sheet(rows: list[dict]) -> Workbook:
    width = max([len(SHOWN), *(len(r.get("选项", [])) for r in rows), *(len(r.get("反馈", [])) for r in rows)])
    wb = Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(_header_row(width))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F5EF")
    for row in rows:
        ws.append(_layout(row, width))
        for cell in ws[ws.max_row]:
            # A text starting with "=" is text, not a formula to run on the trainer's machine.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for column, size in zip("ABCDEFGHIJKLM", [8, 40, 16, 16, 16, 16, 16, 16, 10, 40, 20, 8, 8], strict=True):
        ws.column_dimensions[column].width = size
    return wb


def excel_template() -> bytes:
    """The downloadable template: header row, one example per type, the notes sheet."""
    wb = _sheet(EXAMPLES)
    notes = wb.create_sheet("说明")
    for line in NOTES:
        notes.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _numeric_text(row) -> str:
    if row.is_catch_all:
        return "*"
    return f"{number(row.value)}±{number(row.tolerance)}" if row.tolerance else number(row.value)


def _answers(q, values: dict) -> None:
    """答案, 选项 and their 选项得分 / 反馈 for the question's type."""
    if q.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        weighted, rule = option_fractions(q)
        stored = any(o.fraction is not None for o, _f in weighted)
        values["选项"] = [o.text for o, _f in weighted]
        values["反馈"] = [o.feedback for o, _f in weighted]
        single = q.qtype == QuestionType.SINGLE
        marked = [(f == 100 if single else f > 0) if stored else o.is_correct for o, f in weighted]
        values["答案"] = "".join(LETTERS[i] for i, ok in enumerate(marked) if ok)
        values["选项得分"] = "|".join(number(f) for _o, f in weighted) if stored else ""
    elif q.qtype == QuestionType.TRUE_FALSE:
        values["答案"] = "对" if q.correct_true else "错"
        values["反馈"] = [q.true_feedback, q.false_feedback]
    elif q.qtype in (QuestionType.FILL_IN, QuestionType.NUMERICAL):
        rows = q.answer_rows()
        numeric = q.qtype == QuestionType.NUMERICAL
        texts = [_numeric_text(r) if numeric else r.text for r in rows]
        simple = numeric and all(r.fraction == 100 and not r.feedback and not r.is_catch_all for r in rows)
        if not rows or simple:
            listed = [a.replace("*", "\\*") for a in q.accepted_answer_list()]
            values["答案"] = "|".join(texts if rows else listed)
        else:
            values["选项"], values["反馈"] = texts, [r.feedback for r in rows]
            values["选项得分"] = "|".join(number(r.fraction) for r in rows)
    elif q.qtype == QuestionType.ESSAY:
        values["答案"] = q.grader_info


def export_excel(questions) -> bytes:
    """Questions (with options, answer rows, tags and the category chain prefetched) in the layout."""
    rows = []
    for q in questions:
        values = {
            "题型": EXCEL_TYPE_LABEL[q.qtype],
            "题干": q.stem,
            "解析": q.explanation,
            "分类": category_path_of(q.category),
            "难度": DIFFICULTY_LABEL.get(q.difficulty, "中"),
            "分值": float(q.points),
            "名称": q.name,
            "编号": q.idnumber,
            "标签": "|".join(tag.name for tag in q.tags.all()),
            "区分大小写": "是" if q.case_sensitive else "",
            "状态": "启用" if q.is_active else "停用",
        }
        _answers(q, values)
        rows.append(values)
    out = io.BytesIO()
    _sheet(rows).save(out)
    return out.getvalue()
