"""The Excel 题库 template: one question per row after a header row.
Columns: 题型 | 题干 | 选项A … 选项F | 答案 | 解析 | 分类 | 难度 | 分值 (分值 optional).
答案: choice → letters (A, ABD, A,B,D); 判断 → 对/错 (正确/错误, √/×, T/F); 填空 → accepted answers
separated by | or ；; 简答 → reference answer (kept in the explanation for the marker)."""

import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from quizzes.bank_io.common import (
    DIFFICULTY_WORDS,
    EXCEL_TYPE_LABEL,
    FALSE_WORDS,
    TRUE_WORDS,
    TYPE_LOOKUP,
    ParsedQuestion,
    ParseReport,
    category_path,
    clean,
    parse_points,
    validate,
)
from quizzes.models.bank import QuestionType

LETTERS = "ABCDEF"
HEADERS = ["题型", "题干", *[f"选项{c}" for c in LETTERS], "答案", "解析", "分类", "难度", "分值"]
HEADER_ALIASES = {
    "type": "题型",
    "stem": "题干",
    "question": "题干",
    "answer": "答案",
    "explanation": "解析",
    "category": "分类",
    "difficulty": "难度",
    "points": "分值",
    **{f"option {c.lower()}": f"选项{c}" for c in LETTERS},
    **{c.lower(): f"选项{c}" for c in LETTERS},
    **{f"选项{c.lower()}": f"选项{c}" for c in LETTERS},
}
MAX_ROWS = 5000
ANSWER_SPLIT = re.compile(r"[|｜;；\n]")
EXAMPLES = [
    [
        "单选",
        "物业服务合同的规定主要见于哪部法律？",
        "民法典",
        "刑法",
        "公司法",
        "",
        "",
        "",
        "A",
        "物业服务合同是民法典合同编中的典型合同。",
        "法律法规/物业服务合同",
        "易",
        1,
    ],
    [
        "多选",
        "LEARN 投诉处理模式包括哪些环节？",
        "倾听",
        "共情",
        "行动",
        "争辩",
        "",
        "",
        "ABC",
        "LEARN：倾听、共情、行动、回应、通知。",
        "投诉处理",
        "中",
        2,
    ],
    [
        "判断",
        "业主室内自有设施的损坏一律由物业公司负责赔偿。",
        "",
        "",
        "",
        "",
        "",
        "",
        "错",
        "户内设施由业主自行负责，公共区域才属于物业责任范围。",
        "法律法规",
        "易",
        1,
    ],
    [
        "填空",
        "发现火情应立即拨打火警电话____。",
        "",
        "",
        "",
        "",
        "",
        "",
        "119",
        "火警电话为119。",
        "应急处置/火灾",
        "易",
        1,
    ],
    [
        "简答",
        "简述首问负责制的含义。",
        "",
        "",
        "",
        "",
        "",
        "",
        "谁先接待，谁负责跟进到办结。",
        "首先接到诉求的员工负责跟进直至闭环。",
        "投诉处理",
        "中",
        5,
    ],
]


def excel_template() -> bytes:
    """The downloadable template: header row, one example per type, column widths."""
    wb = Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F5EF")
    for row in EXAMPLES:
        ws.append(row)
    for column, width in zip("ABCDEFGHIJKLM", [8, 40, 16, 16, 16, 16, 16, 16, 10, 40, 20, 8, 8], strict=True):
        ws.column_dimensions[column].width = width
    notes = wb.create_sheet("说明")
    for line in [
        "题型：单选 / 多选 / 判断 / 填空 / 简答",
        "答案：选择题填字母，如 A 或 ABD；判断题填 对 或 错；填空题多个可接受答案用 | 分隔；简答题可填参考答案",
        "分类：用 / 分隔子分类，如 法律法规/物业费；留空则用导入时选择的默认分类",
        "难度：易 / 中 / 难；分值：默认 1",
        "导入前先预览；有任何错误时整份文件都不会导入。",
    ]:
        notes.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header_map(row) -> dict[str, int]:
    mapping = {}
    for index, value in enumerate(row):
        name = str(value or "").strip()
        name = HEADER_ALIASES.get(name.lower(), name)
        if name in HEADERS:
            mapping.setdefault(name, index)
    return mapping


def parse_excel(data: bytes) -> ParseReport:
    report = ParseReport()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        report.error(_("file"), _("This is not an Excel .xlsx file."))
        return report
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    columns = _header_map(header or [])
    missing = [h for h in ("题型", "题干", "答案") if h not in columns]
    if missing:
        report.error(_("header row"), _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        return report
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            report.error(_("file"), _("Too many rows (at most %(max)s).") % {"max": MAX_ROWS})
            break
        if row is None or all(v in (None, "") for v in row):
            continue
        where = _("row %(number)s") % {"number": number}

        def cell(name, row=row):
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        question = ParsedQuestion(source=where)
        type_name = clean(cell("题型")).lower()
        question.qtype = TYPE_LOOKUP.get(type_name, "")
        if not question.qtype:
            report.error(where, _("Unknown question type “%(type)s”.") % {"type": type_name or "—"})
        question.stem = clean(cell("题干"))
        question.explanation = clean(cell("解析"))
        question.category_path = category_path(clean(cell("分类")))
        difficulty = clean(cell("难度")).lower()
        if difficulty and difficulty not in DIFFICULTY_WORDS:
            report.error(where, _("Difficulty must be 易, 中 or 难."))
        question.difficulty = DIFFICULTY_WORDS.get(difficulty, 2)
        question.points = parse_points(cell("分值"), where, report)
        answer = clean(cell("答案"))
        if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            texts = [(letter, clean(cell(f"选项{letter}"))) for letter in LETTERS]
            given = [(letter, text) for letter, text in texts if text]
            letters = {c for c in answer.upper().replace("，", ",") if c.isalpha()}
            unknown = letters - {letter for letter, _t in given}
            if not letters:
                report.error(where, _("The answer is empty."))
            elif unknown:
                report.error(
                    where,
                    _("The answer names options that are empty: %(letters)s.") % {"letters": "".join(sorted(unknown))},
                )
            question.options = [(text, letter in letters) for letter, text in given]
        elif question.qtype == QuestionType.TRUE_FALSE:
            word = answer.strip().lower()
            question.correct_true = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
        elif question.qtype == QuestionType.FILL_IN:
            question.accepted = [a.strip() for a in ANSWER_SPLIT.split(answer) if a.strip()]
        elif question.qtype == QuestionType.ESSAY and answer:
            question.explanation = "\n".join(x for x in [question.explanation, f"参考答案：{answer}"] if x)
        validate(question, report)
        report.questions.append(question)
    if not report.questions and not report.errors:
        report.error(_("file"), _("The file has no questions."))
    return report


def export_excel(questions) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(HEADERS)
    for q in questions:
        options = list(q.options.all())
        letters = "".join(LETTERS[i] for i, o in enumerate(options[:6]) if o.is_correct)
        if q.qtype == QuestionType.TRUE_FALSE:
            answer = "对" if q.correct_true else "错"
        elif q.qtype == QuestionType.FILL_IN:
            answer = "|".join(q.accepted_answer_list())
        elif q.qtype == QuestionType.ESSAY:
            answer = ""
        else:
            answer = letters
        texts = [o.text for o in options[:6]] + [""] * (6 - min(6, len(options)))
        ws.append(
            [
                EXCEL_TYPE_LABEL[q.qtype],
                q.stem,
                *texts,
                answer,
                q.explanation,
                _category_path_of(q.category),
                {1: "易", 2: "中", 3: "难"}.get(q.difficulty, "中"),
                float(q.points),
            ]
        )
        for cell in ws[ws.max_row]:
            # A stem starting with "=" is text, not a formula to run on the trainer's machine.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _category_path_of(category) -> str:
    parts = []
    while category is not None:
        parts.append(category.name)
        category = category.parent
    return "/".join(reversed(parts))
