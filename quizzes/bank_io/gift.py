"""GIFT, Moodle's plain-text format:

    // comment
    $CATEGORY: 法律法规/物业费
    ::标题:: 题干 {=正确 ~错误 ~错误 ####解析}
    多选 {~%50%甲 ~%50%乙 ~%-100%丙}
    判断 {T}      填空 {=答案一 =答案二}      简答 {}

Questions are separated by blank lines; \\ escapes ~ = # { } :."""

import re

from django.utils.translation import gettext as _

from quizzes.bank_io.common import ParsedQuestion, ParseReport, category_path, clean, validate
from quizzes.models.bank import QuestionType

ESCAPES = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05", "\\:": "\x06"}
UNESCAPE = {v: k[1] for k, v in ESCAPES.items()}
TITLE = re.compile(r"^::(.*?)::", re.S)
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
MAX_BYTES = 5 * 1024 * 1024


def _protect(text: str) -> str:
    for escaped, mark in ESCAPES.items():
        text = text.replace(escaped, mark)
    return text


def _restore(text: str) -> str:
    for mark, char in UNESCAPE.items():
        text = text.replace(mark, char)
    return clean(text.replace("\\n", "\n"))


def _blocks(text: str):
    """Question blocks with the line number where each starts."""
    block, start = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if block:
                yield start, "\n".join(block)
                block, start = [], None
            continue
        if start is None:
            start = number
        block.append(line)
    if block:
        yield start, "\n".join(block)


def _split_answers(body: str) -> list[tuple[str, str]]:
    """'=a ~b ~%50%c' → [('=', 'a'), ('~', 'b'), ('~', '%50%c')]."""
    parts, marker, buf = [], None, []
    for char in body:
        if char in "=~":
            if marker is not None:
                parts.append((marker, "".join(buf).strip()))
            marker, buf = char, []
        else:
            buf.append(char)
    if marker is not None:
        parts.append((marker, "".join(buf).strip()))
    return parts


def parse_gift(data: bytes) -> ParseReport:
    report = ParseReport()
    if len(data) > MAX_BYTES:
        report.error(_("file"), _("The file is too large."))
        return report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error(_("file"), _("A GIFT file must be UTF-8 text."))
        return report
    current_category: list[str] = []
    number = 0
    for line_no, block in _blocks(_protect(text)):
        stripped = block.strip()
        if stripped.startswith("$CATEGORY:"):
            current_category = category_path(_restore(stripped[len("$CATEGORY:") :].strip()))
            continue
        number += 1
        where = _("question %(number)s (line %(line)s)") % {"number": number, "line": line_no}
        title = TITLE.match(stripped)
        if title:
            stripped = stripped[title.end() :].strip()
        if stripped.startswith("[") and "]" in stripped:  # [html] / [plain] format marker
            stripped = stripped[stripped.index("]") + 1 :].strip()
        if stripped.count("{") != 1 or stripped.count("}") != 1 or stripped.index("{") > stripped.index("}"):
            report.error(where, _("Each question needs exactly one {…} answer block."))
            continue
        head, rest = stripped.split("{", 1)
        body, tail = rest.split("}", 1)
        question = ParsedQuestion(source=where, category_path=current_category)
        question.stem = _restore(head.strip() + (" ____ " + tail.strip() if tail.strip() else ""))
        if "####" in body:
            body, general = body.split("####", 1)
            question.explanation = _restore(general)
        body = body.strip()
        if body == "":
            question.qtype = QuestionType.ESSAY
        elif body.upper() in ("T", "TRUE", "F", "FALSE") or re.match(r"^(T|TRUE|F|FALSE)\s*#", body, re.I):
            question.qtype = QuestionType.TRUE_FALSE
            question.correct_true = body.split("#")[0].strip().upper() in ("T", "TRUE")
        else:
            answers = _split_answers(body)
            if not answers:
                report.error(where, _("The answer block could not be read."))
                continue
            if not any(marker == "~" for marker, _a in answers):  # only "=" answers: short answer
                question.qtype = QuestionType.FILL_IN
                question.accepted = [_restore(a.split("#")[0]) for _m, a in answers if a.split("#")[0].strip()]
            else:
                options = []
                weighted = False
                for marker, raw in answers:
                    raw = raw.split("#")[0].strip()
                    weight = WEIGHT.match(raw)
                    if weight:
                        weighted = True
                        raw = raw[weight.end() :]
                        ok = float(weight.group(1)) > 0
                    else:
                        ok = marker == "="
                    options.append((_restore(raw), ok))
                question.options = options
                correct = sum(1 for _t, ok in options if ok)
                question.qtype = QuestionType.MULTIPLE if weighted or correct > 1 else QuestionType.SINGLE
        validate(question, report)
        report.questions.append(question)
    if not report.questions and not report.errors:
        report.error(_("file"), _("The file has no questions."))
    return report


def _escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def export_gift(questions) -> bytes:
    lines: list[str] = []
    last_category = None
    for q in questions:
        path = _category_path_of(q.category)
        if path != last_category:
            lines += [f"$CATEGORY: $course$/top/{path}", ""]
            last_category = path
        general = f" ####{_escape(q.explanation)}" if q.explanation else ""
        if q.qtype == QuestionType.SINGLE:
            body = " ".join(("=" if o.is_correct else "~") + _escape(o.text) for o in q.options.all())
        elif q.qtype == QuestionType.MULTIPLE:
            options = list(q.options.all())
            correct = sum(1 for o in options if o.is_correct) or 1
            wrong = max(1, len(options) - correct)
            body = " ".join(
                f"~%{100 / correct:.5g}%{_escape(o.text)}"
                if o.is_correct
                else f"~%{-100 / wrong:.5g}%{_escape(o.text)}"
                for o in options
            )
        elif q.qtype == QuestionType.TRUE_FALSE:
            body = "T" if q.correct_true else "F"
        elif q.qtype == QuestionType.FILL_IN:
            body = " ".join("=" + _escape(a) for a in q.accepted_answer_list())
        else:
            body = ""
        lines += [f"::{_escape(q.stem[:40])}::{_escape(q.stem)} {{{body}{general}}}", ""]
    return "\n".join(lines).encode("utf-8")


def _category_path_of(category) -> str:
    parts = []
    while category is not None:
        parts.append(category.name)
        category = category.parent
    return "/".join(reversed(parts))
