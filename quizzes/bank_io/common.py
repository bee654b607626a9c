from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.sanitize import sanitize_text
from quizzes.models.bank import QuestionType, question_choice_errors

TYPE_NAMES = {
    QuestionType.SINGLE: ["single", "单选", "单选题", "单项选择", "单项选择题", "multichoice_single"],
    QuestionType.MULTIPLE: ["multiple", "多选", "多选题", "多项选择", "多项选择题"],
    QuestionType.TRUE_FALSE: ["true_false", "truefalse", "判断", "判断题"],
    QuestionType.FILL_IN: ["fill_in", "fill", "shortanswer", "填空", "填空题", "简单填空"],
    QuestionType.ESSAY: ["essay", "简答", "简答题", "问答", "问答题", "论述", "论述题"],
}
TYPE_LOOKUP = {name.lower(): qtype for qtype, names in TYPE_NAMES.items() for name in names}
EXCEL_TYPE_LABEL = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUE_FALSE: "判断",
    QuestionType.FILL_IN: "填空",
    QuestionType.ESSAY: "简答",
}
TRUE_WORDS = {"对", "正确", "是", "√", "✓", "t", "true", "yes", "y", "1"}
FALSE_WORDS = {"错", "错误", "否", "×", "✗", "x", "f", "false", "no", "n", "0"}
DIFFICULTY_WORDS = {
    "易": 1,
    "简单": 1,
    "容易": 1,
    "easy": 1,
    "1": 1,
    "中": 2,
    "中等": 2,
    "一般": 2,
    "medium": 2,
    "2": 2,
    "难": 3,
    "困难": 3,
    "较难": 3,
    "hard": 3,
    "3": 3,
}
STEM_MAX = 4000
OPTION_MAX = 500


@dataclass
class ParsedQuestion:
    source: str  # "row 5" / "question 3 (name)": where the trainer finds it in the file
    qtype: str = ""
    stem: str = ""
    options: list[tuple[str, bool]] = field(default_factory=list)
    correct_true: bool | None = None
    accepted: list[str] = field(default_factory=list)
    explanation: str = ""
    category_path: list[str] = field(default_factory=list)
    difficulty: int = 2
    points: Decimal = Decimal("1")


@dataclass
class ParseReport:
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (where, message)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.questions)

    def error(self, where: str, message: str) -> None:
        self.errors.append((where, message))


def clean(value) -> str:
    """Imported text is plain text: markup is stripped (core.sanitize)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return sanitize_text(str(value))


def category_path(value: str) -> list[str]:
    for sep in ("›", ">", "\\"):
        value = value.replace(sep, "/")
    return [
        part.strip()[:100]
        for part in value.split("/")
        if part.strip() and part.strip() not in ("$course$", "$system$", "top")
    ]


def parse_points(value, where: str, report: ParseReport) -> Decimal:
    if value in (None, ""):
        return Decimal("1")
    try:
        points = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        report.error(where, _("Points must be a number."))
        return Decimal("1")
    if points <= 0 or points > 100:
        report.error(where, _("Points must be between 0 and 100."))
    return points


def validate(question: ParsedQuestion, report: ParseReport) -> None:
    """The rules every imported question must meet, whatever the format."""
    where = question.source
    if not question.qtype:
        return
    if not question.stem:
        report.error(where, _("The question text is empty."))
    elif len(question.stem) > STEM_MAX:
        report.error(where, _("The question text is too long."))
    if any(len(text) > OPTION_MAX for text, _ok in question.options):
        report.error(where, _("An option is longer than 500 characters."))
    if any(not text for text, _ok in question.options):
        report.error(where, _("An option is empty."))
    for message in question_choice_errors(qtype=question.qtype, options=question.options):
        report.error(where, message)
    if question.qtype == QuestionType.TRUE_FALSE and question.correct_true is None:
        report.error(where, _("A true/false question needs the answer true or false."))
    if question.qtype == QuestionType.FILL_IN and not question.accepted:
        report.error(where, _("A fill-in question needs at least one accepted answer."))
