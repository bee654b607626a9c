"""What every bank format parses to, and the rules every imported question meets.

A parsed question holds everything the bank stores (quizzes.models.bank), so a file imports
faithfully or not at all: a question type the bank cannot hold is `skipped` and named by its
Moodle type, never turned into another type; what a file holds that the bank has no room for
is a `note`; a broken question or a share of the points Moodle would refuse is an `error`.
A field left as None was not given by the file: a new question takes the bank's default and
a re-imported one keeps what it has."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.sanitize import sanitize_text
from quizzes.models.bank import MOODLE_FRACTIONS, QuestionType, default_question_name, question_choice_errors

TYPE_NAMES = {
    QuestionType.SINGLE: ["single", "单选", "单选题", "单项选择", "单项选择题", "multichoice_single"],
    QuestionType.MULTIPLE: ["multiple", "多选", "多选题", "多项选择", "多项选择题"],
    QuestionType.TRUE_FALSE: ["true_false", "truefalse", "判断", "判断题"],
    QuestionType.FILL_IN: ["fill_in", "fill", "shortanswer", "填空", "填空题", "简单填空"],
    QuestionType.ESSAY: ["essay", "简答", "简答题", "问答", "问答题", "论述", "论述题"],
    QuestionType.NUMERICAL: ["numerical", "numeric", "数值", "数值题", "计算", "计算题"],
}
TYPE_LOOKUP = {name.lower(): qtype for qtype, names in TYPE_NAMES.items() for name in names}
EXCEL_TYPE_LABEL = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUE_FALSE: "判断",
    QuestionType.FILL_IN: "填空",
    QuestionType.ESSAY: "简答",
    QuestionType.NUMERICAL: "数值",
}
# Moodle's question types the bank cannot hold, by the names Moodle shows (marked for translation).
MOODLE_TYPE_NAMES = {
    "match": gettext_noop("Matching"),
    "matching": gettext_noop("Matching"),  # Moodle XML's name for match
    "multianswer": gettext_noop("Embedded answers (Cloze)"),
    "cloze": gettext_noop("Embedded answers (Cloze)"),  # Moodle XML's name for multianswer
    "ordering": gettext_noop("Ordering"),
    "ddwtos": gettext_noop("Drag and drop into text"),
    "ddimageortext": gettext_noop("Drag and drop onto image"),
    "ddmarker": gettext_noop("Drag and drop markers"),
    "gapselect": gettext_noop("Select missing words"),
    "calculated": gettext_noop("Calculated"),
    "calculatedsimple": gettext_noop("Simple calculated"),
    "calculatedmulti": gettext_noop("Calculated multichoice"),
    "randomsamatch": gettext_noop("Random short-answer matching"),
    "random": gettext_noop("Random"),
    "description": gettext_noop("Description (text only, not a question)"),
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
NAME_MAX = 255
IDNUMBER_MAX = 100
CONTEXT = re.compile(r"^\$[a-z]+\$$")


@dataclass
class ParsedOption:
    text: str
    correct: bool
    fraction: Decimal | None = None  # percent; None: scored by `correct` and the quiz's rule
    feedback: str = ""


@dataclass
class ParsedAnswer:
    """A fill-in or numerical answer row (quizzes.models.bank.QuestionAnswer)."""

    text: str = ""
    value: Decimal | None = None
    tolerance: Decimal = Decimal("0")
    fraction: Decimal = Decimal("100")
    feedback: str = ""


@dataclass
class ParsedQuestion:
    source: str  # "row 5" / "question 3 (name)": where the trainer finds it in the file
    qtype: str = ""
    name: str = ""
    idnumber: str = ""
    stem: str = ""
    options: list[ParsedOption] = field(default_factory=list)
    correct_true: bool | None = None
    true_feedback: str = ""
    false_feedback: str = ""
    accepted: list[str] = field(default_factory=list)  # fill-in: the simple list, all full marks
    answers: list[ParsedAnswer] = field(default_factory=list)
    case_sensitive: bool = False
    explanation: str = ""
    grader_info: str = ""
    category_context: str = ""  # "$course$/top": Moodle's context, kept for the export
    category_path: list[str] = field(default_factory=list)
    difficulty: int | None = None
    points: Decimal | None = None
    tags: list[str] | None = None
    is_active: bool | None = None

    @property
    def display_name(self) -> str:
        return self.name or default_question_name(self.stem)

    @property
    def type_label(self) -> str:
        return QuestionType(self.qtype).label if self.qtype in QuestionType.values else self.qtype


@dataclass
class ParseReport:
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (where, message): nothing is imported
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, Moodle type): not imported
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, what is not carried over)
    categories: dict[tuple, str] = field(default_factory=dict)  # (context, *path) → description

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.questions)

    def error(self, where: str, message: str) -> None:
        self.errors.append((where, message))

    def note(self, where: str, message: str) -> None:
        self.notes.append((where, message))

    def skip(self, where: str, moodle_type: str) -> None:
        label = MOODLE_TYPE_NAMES.get(moodle_type)
        self.skipped.append((where, f"{_(label)} ({moodle_type})" if label else moodle_type))


def clean(value) -> str:
    """Imported text is plain text: markup is stripped (core.sanitize)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return sanitize_text(str(value))


BLOCK_END = re.compile(r"(<br\s*/?>|</(p|div|li|h[1-6]|tr)>)", re.I)


def clean_html(value) -> str:
    """HTML text as plain text, keeping its line breaks (<br>, paragraphs, list items)."""
    text = BLOCK_END.sub("\n", str(value or ""))
    lines = [line.strip() for line in clean(text).splitlines()]
    return "\n".join(line for line in lines if line)


def split_category(value: str) -> tuple[str, list[str]]:
    """A Moodle category path, `$course$/top/法律法规/物业费`, as (context, names): the context
    (`$course$/top`, `$system$/top`, or none) is kept apart so the export writes it back; a
    `/` inside a name is written `//`, as Moodle does."""
    marker = "\x00"
    parts = [part.replace(marker, "/").strip() for part in value.replace("//", marker).split("/")]
    parts = [part for part in parts if part]
    context: list[str] = []
    if parts and CONTEXT.match(parts[0]):
        context.append(parts.pop(0))
        if parts and parts[0] == "top":
            context.append(parts.pop(0))
    return "/".join(context), [part[:100] for part in parts]


def join_category(context: str, names: list[str]) -> str:
    return "/".join([*([context] if context else []), *(name.replace("/", "//") for name in names)])


def parse_points(value, where: str, report: ParseReport) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        report.error(where, _("Points must be a number."))
        return None
    if points <= 0 or points > 100:
        report.error(where, _("Points must be between 0 and 100."))
    return points


def parse_decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def moodle_fraction(value, where: str, report: ParseReport) -> Decimal | None:
    """A share of the points, in percent, snapped to the value Moodle means (33.333 → 33.33333,
    as Moodle matches within 0.001). A share Moodle does not allow is an error that names it."""
    number = parse_decimal(value)
    if number is None:
        report.error(where, _("The share of the points “%(value)s” is not a number.") % {"value": value})
        return None
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(number) - allowed) < Decimal("0.001"):
            return allowed if number >= 0 else -allowed
    report.error(
        where,
        _("The share of the points %(value)s%% is not one Moodle allows (100, 90, 83.33333, 80 … 5, 0 and negatives).")
        % {"value": f"{number.normalize():f}"},
    )
    return None


def validate(question: ParsedQuestion, report: ParseReport) -> None:
    """The rules every imported question must meet, whatever the format."""
    where = question.source
    if not question.qtype:
        return
    if not question.stem:
        report.error(where, _("The question text is empty."))
    elif len(question.stem) > STEM_MAX:
        report.error(where, _("The question text is too long."))
    if len(question.name) > NAME_MAX:
        report.error(where, _("The question name is longer than 255 characters."))
    if len(question.idnumber) > IDNUMBER_MAX:
        report.error(where, _("The ID number is longer than 100 characters."))
    texts = [o.text for o in question.options] + [a.text for a in question.answers] + question.accepted
    if any(len(text) > OPTION_MAX for text in texts):
        report.error(where, _("An option is longer than 500 characters."))
    if any(not option.text for option in question.options):
        report.error(where, _("An option is empty."))
    options = [(o.text, o.correct, o.fraction) for o in question.options]
    for message in question_choice_errors(qtype=question.qtype, options=options):
        report.error(where, message)
    if question.qtype == QuestionType.TRUE_FALSE and question.correct_true is None:
        report.error(where, _("A true/false question needs the answer true or false."))
    full_marks = [a for a in question.answers if a.fraction >= 100 and a.text.strip() != "*"]
    if question.qtype == QuestionType.FILL_IN and not question.accepted and not full_marks:
        report.error(where, _("A fill-in question needs at least one accepted answer."))
    if question.qtype == QuestionType.NUMERICAL:
        if not any(a.value is not None for a in full_marks):
            report.error(where, _("A numerical question needs a number that earns all the points."))
        if any(a.tolerance < 0 for a in question.answers):
            report.error(where, _("A tolerance cannot be negative."))


def text_answers(question: ParsedQuestion, answers: list[ParsedAnswer]) -> None:
    """Fill-in answers as the bank keeps them: a plain list when every answer earns all the
    points and has no feedback or wildcard (`\\*` is a star itself), else answer rows in the
    file's order."""
    plain = all(a.fraction == 100 and not a.feedback and "*" not in a.text.replace("\\*", "") for a in answers)
    if plain:
        question.accepted, question.answers = [a.text.replace("\\*", "*") for a in answers if a.text], []
    else:
        question.accepted, question.answers = [], answers
