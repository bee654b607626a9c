"""Writing the bank as Moodle XML, element by element as Moodle's own export writes it, so that
Moodle and this site's importer (quizzes.bank_io.moodle) read back every question as it is here.
Two facts Moodle has no element for travel in elements Moodle's importer ignores: a question's
difficulty (<psa_difficulty>) and a multiple choice that follows the quiz's rule rather than
shares of the points (<psa_scoring>rule</psa_scoring>)."""

from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - building, not parsing

from quizzes.bank_io.exporting import category_path_of, number, option_fractions
from quizzes.models.bank import QuestionType

KIND = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.FILL_IN: "shortanswer",
    QuestionType.NUMERICAL: "numerical",
    QuestionType.ESSAY: "essay",
}


def _text_node(parent, tag: str, text: str, **attrs) -> Element:
    node = SubElement(parent, tag, attrs)
    SubElement(node, "text").text = text
    return node


def _answer(parent, text: str, fraction, feedback: str) -> Element:
    node = _text_node(parent, "answer", text, fraction=number(fraction), format="plain_text")
    _text_node(node, "feedback", feedback, format="plain_text")
    return node


def _choice(node, q) -> None:
    weighted, rule = option_fractions(q)
    SubElement(node, "single").text = "true" if q.qtype == QuestionType.SINGLE else "false"
    SubElement(node, "shuffleanswers").text = "true"
    SubElement(node, "answernumbering").text = "ABCD"
    if rule:
        SubElement(node, "psa_scoring").text = "rule"
    for option, fraction in weighted:
        _answer(node, option.text, fraction, option.feedback)


def _question(root, q) -> None:
    node = SubElement(root, "question", {"type": KIND[q.qtype]})
    _text_node(node, "name", q.name)
    _text_node(node, "questiontext", q.stem, format="plain_text")
    _text_node(node, "generalfeedback", q.explanation, format="plain_text")
    SubElement(node, "defaultgrade").text = f"{q.points:.7f}"
    SubElement(node, "hidden").text = "0" if q.is_active else "1"
    SubElement(node, "idnumber").text = q.idnumber
    SubElement(node, "psa_difficulty").text = str(q.difficulty)
    if q.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        _choice(node, q)
    elif q.qtype == QuestionType.TRUE_FALSE:
        _answer(node, "true", 100 if q.correct_true else 0, q.true_feedback)
        _answer(node, "false", 0 if q.correct_true else 100, q.false_feedback)
    elif q.qtype == QuestionType.FILL_IN:
        SubElement(node, "usecase").text = "1" if q.case_sensitive else "0"
        rows = q.answer_rows()
        if rows:
            for row in rows:
                _answer(node, row.text, row.fraction, row.feedback)
        else:
            for accepted in q.accepted_answer_list():
                _answer(node, accepted.replace("*", "\\*"), 100, "")
    elif q.qtype == QuestionType.NUMERICAL:
        for row in q.answer_rows():
            answer = _answer(node, "*" if row.is_catch_all else number(row.value), row.fraction, row.feedback)
            SubElement(answer, "tolerance").text = "0" if row.is_catch_all else number(row.tolerance)
        SubElement(node, "unitgradingtype").text = "0"
        SubElement(node, "showunits").text = "3"
    else:
        SubElement(node, "responseformat").text = "plain"
        SubElement(node, "responserequired").text = "1"
        SubElement(node, "responsefieldlines").text = "10"
        SubElement(node, "attachments").text = "0"
        _text_node(node, "graderinfo", q.grader_info, format="plain_text")
        _text_node(node, "responsetemplate", "", format="plain_text")
    tags = list(q.tags.all())
    if tags:
        holder = SubElement(node, "tags")
        for tag in tags:
            _text_node(holder, "tag", tag.name)


def export_moodle_xml(questions) -> bytes:
    """Questions (with options, answer rows, tags and the category chain prefetched) as Moodle XML."""
    root = Element("quiz")
    last_category = None
    for q in questions:
        path = category_path_of(q.category)
        if path != last_category:
            category = SubElement(root, "question", {"type": "category"})
            _text_node(category, "category", path)
            _text_node(category, "info", q.category.description, format="plain_text")
            last_category = path
        _question(root, q)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")
