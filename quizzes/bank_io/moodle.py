"""Moodle XML (the format of Moodle's question bank export), read as Moodle reads it
(question/format/xml): multichoice (single or multiple answer), truefalse, shortanswer, numerical
and essay, with every answer's share of the points (`fraction`) and feedback, general feedback,
default mark, hidden, ID number, tags and, for essays, the information for graders; `category`
pseudo-questions set the category (and its Moodle context) of those that follow. Parsed with
defusedxml (no entity expansion, no external entities).

Other Moodle types (matching, Cloze, ordering, drag and drop, calculated …) are named in the
report and not imported. Options that concern Moodle's display and multiple-tries modes
(penalty, answer numbering, the standard instruction, the number of correct responses) do not
change what a question asks or how it is scored and are not kept; what would change the
question here — hints, combined feedback, units, files, essay attachments and word limits,
options kept in order — is named in the report's notes."""

from decimal import Decimal

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from quizzes.bank_io.common import (
    MOODLE_TYPE_NAMES,
    ParsedAnswer,
    ParsedOption,
    ParsedQuestion,
    ParseReport,
    clean,
    clean_html,
    moodle_fraction,
    parse_decimal,
    parse_points,
    split_category,
    text_answers,
    validate,
)
from quizzes.models.bank import QuestionType

SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical", "essay"}
DEFAULT_COMBINED = {
    "correctfeedback": "Your answer is correct.",
    "partiallycorrectfeedback": "Your answer is partially correct.",
    "incorrectfeedback": "Your answer is incorrect.",
}
TRUE_TEXTS = {"true", "1"}
FALSE_TEXTS = {"false", "0"}


def _raw(node, path: str) -> str:
    found = node.find(path) if node is not None else None
    return found.text if found is not None and found.text else ""


def _text(node, path: str) -> str:
    """The text of a <…><text> field, as plain text; HTML keeps its line breaks."""
    parent = node.find(path.rsplit("/", 1)[0]) if "/" in path else node
    raw = _raw(node, path)
    if parent is not None and parent.get("format") == "html":
        return clean_html(raw)
    return clean(raw)


def _flag(node, path: str) -> bool | None:
    raw = _raw(node, path).strip().lower()
    return None if raw == "" else raw in ("true", "1")


def _notes(node, kind: str, where: str, report: ParseReport) -> None:
    """What the question holds that this site cannot carry over, each named once."""
    if any(h.findtext("text") for h in node.findall("hint")):
        report.note(where, _("Hints for multiple tries are not kept."))
    if any(el.tag == "file" or "@@PLUGINFILE@@" in (el.text or "") for el in node.iter()):
        report.note(where, _("Images and files inside the question are not imported."))
    if kind == "multichoice":
        if _flag(node, "shuffleanswers") is False:
            report.note(
                where, _("Moodle keeps its options in order; here the quiz decides whether options are shuffled.")
            )
        for tag, default in DEFAULT_COMBINED.items():
            text = _text(node, f"{tag}/text")
            if text and text != default:
                report.note(where, _("The feedback for correct, partly correct and wrong answers is not kept."))
                break
    if kind == "numerical" and node.find("units/unit") is not None:
        report.note(where, _("Units are not kept: the trainee answers with the number alone."))
    if kind == "essay":
        if (_raw(node, "attachments").strip() or "0") not in ("0", ""):
            report.note(where, _("File attachments are not supported: the trainee types the answer."))
        if _raw(node, "responseformat") == "noinline":
            report.note(where, _("Moodle asks for files only; here the trainee types the answer."))
        if _raw(node, "minwordlimit").strip() or _raw(node, "maxwordlimit").strip():
            report.note(where, _("Word limits are not kept."))
        if _text(node, "responsetemplate/text"):
            report.note(where, _("The response template is not kept."))


def _choice(question: ParsedQuestion, node, report: ParseReport) -> None:
    where = question.source
    single = _raw(node, "single").strip().lower() in ("true", "1")
    options = []
    for answer in node.findall("answer"):
        fraction = moodle_fraction(answer.get("fraction", "0"), where, report)
        options.append(ParsedOption(text=_text(answer, "text"), correct=False, fraction=fraction))
        options[-1].feedback = _text(answer, "feedback/text")
    question.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    if any(o.fraction is None for o in options):
        question.qtype = ""  # a share Moodle refuses: reported
        return
    fractions = sorted(o.fraction for o in options)
    plain_single = single and fractions[-2:] == [0, 100] and all(f in (0, 100) for f in fractions)
    rule = not single and _raw(node, "psa_scoring").strip() == "rule"
    for option in options:
        option.correct = option.fraction == 100 if single else option.fraction > 0
        if plain_single or rule:
            option.fraction = None
    question.options = options


def _truefalse(question: ParsedQuestion, node, report: ParseReport) -> None:
    question.qtype = QuestionType.TRUE_FALSE
    for answer in node.findall("answer"):
        text = _raw(answer, "text").strip().lower()
        if text not in TRUE_TEXTS | FALSE_TEXTS:
            report.error(question.source, _("A true/false answer must be “true” or “false”."))
            continue
        is_true = text in TRUE_TEXTS
        if is_true:
            question.true_feedback = _text(answer, "feedback/text")
        else:
            question.false_feedback = _text(answer, "feedback/text")
        if parse_decimal(answer.get("fraction", "0")) == 100:
            question.correct_true = is_true


def _answers(question: ParsedQuestion, node, report: ParseReport, *, numeric: bool) -> list[ParsedAnswer]:
    answers = []
    for answer in node.findall("answer"):
        fraction = moodle_fraction(answer.get("fraction", "0"), question.source, report)
        row = ParsedAnswer(
            text=_text(answer, "text"),
            fraction=fraction if fraction is not None else Decimal(0),
            feedback=_text(answer, "feedback/text"),
        )
        if numeric and row.text != "*":
            row.value = parse_decimal(row.text)
            row.tolerance = parse_decimal(_raw(answer, "tolerance") or "0")
            if row.value is None or row.tolerance is None:
                report.error(question.source, _("“%(answer)s” is not a number.") % {"answer": row.text})
                continue
            row.text = ""
        answers.append(row)
    return answers


def _question(node, kind: str, where: str, context: str, path: list[str], report: ParseReport) -> ParsedQuestion:
    question = ParsedQuestion(source=where, category_context=context, category_path=path)
    question.name = _text(node, "name/text")
    question.idnumber = clean(_raw(node, "idnumber"))
    question.stem = _text(node, "questiontext/text")
    question.explanation = _text(node, "generalfeedback/text")
    question.points = parse_points(_raw(node, "defaultgrade").strip() or None, where, report)
    hidden = _flag(node, "hidden")
    question.is_active = None if hidden is None else not hidden
    tags = [clean(t.findtext("text") or "")[:100] for t in node.findall("tags/tag")]
    question.tags = [t for t in dict.fromkeys(tags) if t] if node.find("tags") is not None else None
    difficulty = _raw(node, "psa_difficulty").strip()
    question.difficulty = int(difficulty) if difficulty in ("1", "2", "3") else None
    if kind == "multichoice":
        _choice(question, node, report)
    elif kind == "truefalse":
        _truefalse(question, node, report)
    elif kind == "shortanswer":
        question.qtype = QuestionType.FILL_IN
        question.case_sensitive = _raw(node, "usecase").strip() == "1"
        text_answers(question, _answers(question, node, report, numeric=False))
    elif kind == "numerical":
        question.qtype = QuestionType.NUMERICAL
        question.answers = _answers(question, node, report, numeric=True)
    else:
        question.qtype = QuestionType.ESSAY
        question.grader_info = _text(node, "graderinfo/text")
    _notes(node, kind, where, report)
    return question


def parse_moodle_xml(data: bytes) -> ParseReport:
    report = ParseReport()
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        report.error(_("file"), _("This is not a well-formed Moodle XML file."))
        return report
    if root.tag != "quiz":
        report.error(_("file"), _("A Moodle XML file starts with <quiz>."))
        return report
    context, path = "", []
    number = 0
    for node in root.findall("question"):
        kind = node.get("type", "")
        if kind == "category":
            context, path = split_category(clean(_raw(node, "category/text")))
            if path and _text(node, "info/text"):
                report.categories[(context, *path)] = _text(node, "info/text")
            continue
        number += 1
        name = _text(node, "name/text")
        where = _("question %(number)s") % {"number": number} + (f" ({name})" if name else "")
        if kind not in SUPPORTED:
            report.skip(where, kind if kind in MOODLE_TYPE_NAMES else kind or "?")
            continue
        question = _question(node, kind, where, context, path, report)
        validate(question, report)
        report.questions.append(question)
    if not report.questions and not report.errors and not report.skipped:
        report.error(_("file"), _("The file has no questions."))
    return report
