"""The Excel 题库 template: one question per row after a header row, columns found by their header.

题型 | 题干 | 选项A … 选项F | 答案 | 解析 | 分类 | 难度 | 分值 are the columns trainers know; all
that a Moodle bank holds has a column of its own after them: 名称 | 编号 | 标签 | 选项得分 |
反馈A … 反馈F | 区分大小写 | 状态 (选项G…, 反馈G… when a question has more than six).

答案: choice → letters (A, ABD, A,B,D); 判断 → 对/错 (正确/错误, √/×, T/F); 填空 → accepted
answers separated by | or ；; 数值 → numbers with their tolerance (3.5±0.5, 1..5) separated by |;
简答 → the reference answer, kept as information for markers.
选项得分: each option's share of the points in percent (100|50|0|-50), as in Moodle; left empty,
choice questions are scored by 答案 and the quiz's rule. Fill-in and numerical answers that earn
a share or carry feedback go in 选项A … with their share in 选项得分 and feedback in 反馈A ….
判断: 反馈A is the feedback for 对, 反馈B for 错. 分类 may start with Moodle's context
($course$/top/…), kept for the export."""

import io
import re
import zipfile
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from quizzes.bank_io.common import (
    DIFFICULTY_WORDS,
    FALSE_WORDS,
    TRUE_WORDS,
    TYPE_LOOKUP,
    ParsedAnswer,
    ParsedOption,
    ParsedQuestion,
    ParseReport,
    clean,
    moodle_fraction,
    parse_decimal,
    parse_points,
    split_category,
    text_answers,
    validate,
)
from quizzes.bank_io.excel_export import (  # noqa: F401 - the template and export are reached from here too
    EXTRA_HEADERS,
    HEADERS,
    LETTERS,
    SHOWN,
    excel_template,
    export_excel,
)
from quizzes.models.bank import QuestionType

KNOWN = {*HEADERS, *EXTRA_HEADERS, *(f"选项{c}" for c in LETTERS), *(f"反馈{c}" for c in LETTERS)}
HEADER_ALIASES = {
    "type": "题型",
    "stem": "题干",
    "question": "题干",
    "answer": "答案",
    "explanation": "解析",
    "category": "分类",
    "difficulty": "难度",
    "points": "分值",
    "name": "名称",
    "idnumber": "编号",
    "id number": "编号",
    "tags": "标签",
    "fractions": "选项得分",
    "case-sensitive": "区分大小写",
    "status": "状态",
    **{f"option {c.lower()}": f"选项{c}" for c in LETTERS},
    **{f"feedback {c.lower()}": f"反馈{c}" for c in LETTERS},
    **{c.lower(): f"选项{c}" for c in SHOWN},
    **{f"选项{c.lower()}": f"选项{c}" for c in LETTERS},
    **{f"反馈{c.lower()}": f"反馈{c}" for c in LETTERS},
}
STATUS_WORDS = {"启用": True, "停用": False, "active": True, "inactive": False}
MAX_ROWS = 5000
ANSWER_SPLIT = re.compile(r"[|｜;；\n]")
LIST_SPLIT = re.compile(r"[|｜,，;；、\s]+")
TAG_SPLIT = re.compile(r"[|｜,，;；、\n]+")
NUMBER_ANSWER = re.compile(r"^(?P<value>[^±:]+?)\s*(?:(?:±|\+-|:)\s*(?P<tolerance>.+))?$")


def _header_map(row) -> dict[str, int]:
    mapping = {}
    for index, value in enumerate(row):
        name = str(value or "").strip()
        name = HEADER_ALIASES.get(name.lower(), name)
        if name in KNOWN:
            mapping.setdefault(name, index)
    return mapping


def numeric_answer(text: str) -> ParsedAnswer | None:
    """'3.5±0.5', '3.5:0.5', '1..5', '3' or '*' as an answer row (full marks); None if not a number."""
    text = text.strip()
    if text == "*":
        return ParsedAnswer(text="*")
    if ".." in text[1:]:
        low, high = (parse_decimal(n) for n in text.split("..", 1))
        if low is None or high is None:
            return None
        return ParsedAnswer(value=(low + high) / 2, tolerance=(high - low) / 2)
    found = NUMBER_ANSWER.match(text)
    value = parse_decimal(found.group("value")) if found else None
    tolerance = parse_decimal(found.group("tolerance") or "0") if found else None
    if value is None or tolerance is None:
        return None
    return ParsedAnswer(value=value, tolerance=tolerance)


def _fractions(raw: str, count: int, where: str, report: ParseReport) -> list[Decimal] | None:
    if not raw:
        return None
    values = [moodle_fraction(v, where, report) for v in LIST_SPLIT.split(raw) if v]
    if len(values) != count:
        report.error(
            where, _("选项得分 gives %(given)s shares for %(count)s options.") % {"given": len(values), "count": count}
        )
        return None
    return None if any(v is None for v in values) else values


def _choice(question: ParsedQuestion, cell, answer: str, report: ParseReport) -> None:
    where = question.source
    given = [(letter, clean(cell(f"选项{letter}"))) for letter in LETTERS]
    given = [(letter, text) for letter, text in given if text]
    letters = {c for c in answer.upper().replace("，", ",") if c.isalpha()}
    fractions = _fractions(clean(cell("选项得分")), len(given), where, report)
    single = question.qtype == QuestionType.SINGLE
    if fractions is not None:
        marked = {letter for (letter, _t), f in zip(given, fractions, strict=True) if (f == 100 if single else f > 0)}
        if letters and letters != marked:
            report.error(where, _("答案 does not match the options' shares in 选项得分."))
        letters = marked
    unknown = letters - {letter for letter, _t in given}
    if not letters:
        report.error(where, _("The answer is empty."))
    elif unknown:
        report.error(
            where, _("The answer names options that are empty: %(letters)s.") % {"letters": "".join(sorted(unknown))}
        )
    question.options = [
        ParsedOption(
            text=text,
            correct=letter in letters,
            fraction=fractions[i] if fractions is not None else None,
            feedback=clean(cell(f"反馈{letter}")),
        )
        for i, (letter, text) in enumerate(given)
    ]


def _answer_rows(question: ParsedQuestion, cell, answer: str, report: ParseReport) -> None:
    """Fill-in and numerical answers: a simple list in 答案, or rows in 选项A … with 选项得分 and 反馈A …."""
    where = question.source
    numeric = question.qtype == QuestionType.NUMERICAL
    cells = [(letter, clean(cell(f"选项{letter}"))) for letter in LETTERS]
    cells = [(letter, text) for letter, text in cells if text]
    if cells:
        fractions = _fractions(clean(cell("选项得分")), len(cells), where, report) or [Decimal(100)] * len(cells)
        texts = [
            (text, fraction, clean(cell(f"反馈{letter}")))
            for (letter, text), fraction in zip(cells, fractions, strict=True)
        ]
    else:
        texts = [(text.strip(), Decimal(100), "") for text in ANSWER_SPLIT.split(answer) if text.strip()]
    rows = []
    for text, fraction, feedback in texts:
        row = numeric_answer(text) if numeric else ParsedAnswer(text=text)
        if row is None:
            report.error(where, _("“%(answer)s” is not a number with a tolerance.") % {"answer": text})
            continue
        row.fraction, row.feedback = fraction, feedback
        rows.append(row)
    if numeric:
        question.answers = rows
    elif cells:
        question.accepted, question.answers = [], rows
    else:
        text_answers(question, rows)


def _row(where: str, cell, report: ParseReport) -> ParsedQuestion:
    question = ParsedQuestion(source=where)
    type_name = clean(cell("题型")).lower()
    question.qtype = TYPE_LOOKUP.get(type_name, "")
    if not question.qtype:
        report.error(where, _("Unknown question type “%(type)s”.") % {"type": type_name or "—"})
    question.stem = clean(cell("题干"))
    question.name = clean(cell("名称"))
    question.idnumber = clean(cell("编号"))
    question.explanation = clean(cell("解析"))
    question.category_context, question.category_path = _category(clean(cell("分类")))
    difficulty = clean(cell("难度")).lower()
    if difficulty and difficulty not in DIFFICULTY_WORDS:
        report.error(where, _("Difficulty must be 易, 中 or 难."))
    question.difficulty = DIFFICULTY_WORDS.get(difficulty)
    question.points = parse_points(cell("分值"), where, report)
    tags = clean(cell("标签"))
    question.tags = [t.strip()[:100] for t in dict.fromkeys(TAG_SPLIT.split(tags)) if t.strip()] if tags else None
    case = clean(cell("区分大小写")).lower()
    question.case_sensitive = case in TRUE_WORDS
    status = clean(cell("状态")).lower()
    if status and status not in STATUS_WORDS:
        report.error(where, _("状态 must be 启用 or 停用."))
    question.is_active = STATUS_WORDS.get(status)
    answer = clean(cell("答案"))
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        _choice(question, cell, answer, report)
    elif question.qtype == QuestionType.TRUE_FALSE:
        word = answer.strip().lower()
        question.correct_true = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
        question.true_feedback, question.false_feedback = clean(cell("反馈A")), clean(cell("反馈B"))
    elif question.qtype in (QuestionType.FILL_IN, QuestionType.NUMERICAL):
        _answer_rows(question, cell, answer, report)
    elif question.qtype == QuestionType.ESSAY:
        question.grader_info = answer
    return question


def _category(text: str) -> tuple[str, list[str]]:
    """Moodle paths as Moodle writes them (`/`, `//` inside a name); otherwise ›, > and \\ also
    separate levels."""
    if "/" not in text:
        for sep in ("›", ">", "\\"):
            text = text.replace(sep, "/")
    return split_category(text)


def parse_excel(data: bytes) -> ParseReport:
    report = ParseReport()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        report.error(_("file"), _("This is not an Excel .xlsx file."))
        return report
    rows = wb.worksheets[0].iter_rows(values_only=True)
    columns = _header_map(next(rows, None) or [])
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

        def cell(name, row=row):
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        question = _row(_("row %(number)s") % {"number": number}, cell, report)
        validate(question, report)
        report.questions.append(question)
    if not report.questions and not report.errors:
        report.error(_("file"), _("The file has no questions."))
    return report
