"""Moodle XML (the format Moodle's question bank exports): multichoice (single or multiple),
truefalse, shortanswer and essay; `category` pseudo-questions set the category of those that
follow. Parsed with defusedxml (no entity expansion, no external entities)."""

from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - building, not parsing

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from quizzes.bank_io.common import ParsedQuestion, ParseReport, category_path, clean, parse_points, validate
from quizzes.models.bank import QuestionType

SUPPORTED = {"multichoice", "truefalse", "shortanswer", "essay"}
SKIPPED = {"description"}  # information blocks, not questions


def _text(node, path: str) -> str:
    found = node.find(path)
    return clean(found.text) if found is not None and found.text else ""


def _fraction(answer) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


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
    current_category: list[str] = []
    number = 0
    for node in root.findall("question"):
        kind = node.get("type", "")
        if kind == "category":
            current_category = category_path(_text(node, "category/text"))
            continue
        number += 1
        name = _text(node, "name/text")
        where = _("question %(number)s") % {"number": number} + (f" ({name})" if name else "")
        if kind in SKIPPED:
            continue
        if kind not in SUPPORTED:
            report.error(where, _("Question type “%(type)s” is not supported.") % {"type": kind})
            continue
        question = ParsedQuestion(source=where, category_path=current_category)
        question.stem = _text(node, "questiontext/text")
        question.explanation = _text(node, "generalfeedback/text")
        question.points = parse_points(_text(node, "defaultgrade") or None, where, report)
        answers = node.findall("answer")
        if kind == "multichoice":
            single = _text(node, "single").lower() in ("true", "1")
            question.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
            question.options = [(_text(a, "text"), _fraction(a) > 0) for a in answers]
            if single and sum(1 for a in answers if _fraction(a) >= 100) != 1:
                question.options = [(_text(a, "text"), _fraction(a) >= 100) for a in answers]
        elif kind == "truefalse":
            question.qtype = QuestionType.TRUE_FALSE
            for a in answers:
                if _fraction(a) >= 100:
                    question.correct_true = _text(a, "text").lower() in ("true", "正确", "对")
        elif kind == "shortanswer":
            question.qtype = QuestionType.FILL_IN
            question.accepted = [_text(a, "text") for a in answers if _fraction(a) >= 100 and _text(a, "text")]
        else:
            question.qtype = QuestionType.ESSAY
            reference = _text(node, "graderinfo/text")
            if reference:
                question.explanation = "\n".join(x for x in [question.explanation, reference] if x)
        validate(question, report)
        report.questions.append(question)
    if not report.questions and not report.errors:
        report.error(_("file"), _("The file has no questions."))
    return report


def _text_node(parent, tag: str, text: str, **attrs) -> Element:
    node = SubElement(parent, tag, attrs)
    SubElement(node, "text").text = text
    return node


def export_moodle_xml(questions) -> bytes:
    root = Element("quiz")
    last_category = None
    for q in questions:
        path = _category_path_of(q.category)
        if path != last_category:
            cat = SubElement(root, "question", {"type": "category"})
            _text_node(cat, "category", f"$course$/top/{path}")
            last_category = path
        kind = {
            QuestionType.SINGLE: "multichoice",
            QuestionType.MULTIPLE: "multichoice",
            QuestionType.TRUE_FALSE: "truefalse",
            QuestionType.FILL_IN: "shortanswer",
            QuestionType.ESSAY: "essay",
        }[q.qtype]
        node = SubElement(root, "question", {"type": kind})
        _text_node(node, "name", q.stem[:50])
        _text_node(node, "questiontext", q.stem, format="plain_text")
        _text_node(node, "generalfeedback", q.explanation, format="plain_text")
        SubElement(node, "defaultgrade").text = str(q.points)
        if q.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            SubElement(node, "single").text = "true" if q.qtype == QuestionType.SINGLE else "false"
            SubElement(node, "shuffleanswers").text = "true"
            options = list(q.options.all())
            correct = sum(1 for o in options if o.is_correct) or 1
            wrong = max(1, len(options) - correct)
            for o in options:
                if q.qtype == QuestionType.SINGLE:
                    fraction = "100" if o.is_correct else "0"
                else:
                    fraction = f"{100 / correct:.5g}" if o.is_correct else f"{-100 / wrong:.5g}"
                _text_node(node, "answer", o.text, fraction=fraction, format="plain_text")
        elif q.qtype == QuestionType.TRUE_FALSE:
            _text_node(node, "answer", "true", fraction="100" if q.correct_true else "0")
            _text_node(node, "answer", "false", fraction="0" if q.correct_true else "100")
        elif q.qtype == QuestionType.FILL_IN:
            SubElement(node, "usecase").text = "0"
            for accepted in q.accepted_answer_list():
                _text_node(node, "answer", accepted, fraction="100", format="plain_text")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def _category_path_of(category) -> str:
    parts = []
    while category is not None:
        parts.append(category.name)
        category = category.parent
    return "/".join(reversed(parts))
