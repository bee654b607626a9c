"""GIFT, Moodle's plain-text format, read as Moodle reads it (question/format/gift):

    // [id:psa-1a2b] [tag:消防]
    $CATEGORY: $course$/top/应急处置/火灾

    ::火警:: 发现火情应拨打？ {=119#对。 ~110#这是报警电话。 ####火警电话是119。}
    多选 {~%50%甲 ~%50%乙 ~%-100%丙}      判断 {T#答错时的反馈#答对时的反馈}
    填空 {=答案一 =%50%答案二#部分正确 =%0%*#其他答案}      简答 {}
    数值 {#3:0.5}  {#1..5}  {#=%100%3:0 =%50%3:1 ~#其他数字}

Questions are separated by blank lines; a question whose answers sit inside its text is a
missing-word question (the block becomes _____). `\\` escapes ~ = # { } : and itself, `\\n` is a
new line. Matching ({=a -> b}) is named as not supported; text without an answer block is a
description and is skipped. Comments directly above a question carry Moodle's `[id:…]` and
`[tag:…]`, and the fields Moodle's GIFT has no room for, in `[psa:…]` tokens Moodle ignores
(points, difficulty, active, case-sensitive answers, information for markers, and whether a
multiple choice follows the quiz's rule)."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from quizzes.bank_io.common import (
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

MAX_BYTES = 5 * 1024 * 1024
ESCAPES = {"\\:": "\x01", "\\#": "\x02", "\\=": "\x03", "\\{": "\x04", "\\}": "\x05", "\\~": "\x06", "\\n": "\n"}
UNESCAPE = {"\x01": ":", "\x02": "#", "\x03": "=", "\x04": "{", "\x05": "}", "\x06": "~", "\x07": "\\"}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
ID_TOKEN = re.compile(r"\[id:((?:\\\]|[^\]])+)\]")
TAG_TOKEN = re.compile(r"\[tag:((?:\\\]|[^\]<>`])+)\]")
PSA_TOKEN = re.compile(r"\[psa:((?:\\\]|[^\]])+)\]")
FORMATS = {"moodle", "html", "plain", "markdown"}
BLANK = "_____"


def _protect(text: str) -> str:
    """Moodle's escapedchar_pre: escaped control characters become placeholders."""
    text = text.replace("\\\\", "\x07")
    for escaped, mark in ESCAPES.items():
        text = text.replace(escaped, mark)
    return text


def _restore(text: str) -> str:
    for mark, char in UNESCAPE.items():
        text = text.replace(mark, char)
    return text


def _text(raw: str, default_format: str = "moodle") -> tuple[str, str]:
    """A text with its optional [format] prefix, as plain text; returns (text, format)."""
    raw = raw.strip()
    fmt = default_format
    if raw.startswith("[") and "]" in raw and raw[1 : raw.index("]")] in FORMATS:
        fmt = raw[1 : raw.index("]")]
        raw = raw[raw.index("]") + 1 :]
    raw = _restore(raw).strip()
    return (clean_html(raw) if fmt == "html" else clean(raw)), fmt


def _blocks(text: str):
    """(line where the question starts, its comment lines, its other lines), split on blank lines."""
    comments, lines, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            if lines:
                yield start, comments, lines
            if lines or comments:
                comments, lines, start = [], [], None
            continue
        if stripped.startswith("//"):
            comments.append(stripped[2:])
            continue
        if start is None:
            start = number
        lines.append(line)
    if lines:
        yield start, comments, lines


def _token_value(raw: str) -> str:
    return raw.replace("\\]", "]").replace("\\n", "\n").strip()


def _metadata(question: ParsedQuestion, comments: list[str], report: ParseReport) -> dict[str, str]:
    text = "\n".join(comments)
    found = ID_TOKEN.search(text)
    if found:
        question.idnumber = clean(_token_value(found.group(1)))
    tags = [clean(_token_value(t))[:100] for t in TAG_TOKEN.findall(text)]
    if tags:
        question.tags = [t for t in dict.fromkeys(tags) if t]
    psa = {}
    for token in PSA_TOKEN.findall(text):
        key, _sep, value = _token_value(token).partition("=")
        psa[key.strip()] = value.strip()
    if "points" in psa:
        question.points = parse_points(psa["points"], question.source, report)
    if psa.get("difficulty") in ("1", "2", "3"):
        question.difficulty = int(psa["difficulty"])
    if psa.get("active") in ("yes", "no"):
        question.is_active = psa["active"] == "yes"
    question.case_sensitive = psa.get("case") == "sensitive"
    question.grader_info = clean(psa.get("graderinfo", ""))
    return psa


def _weighted(raw: str, default: Decimal, where: str, report: ParseReport) -> tuple[str, Decimal | None, bool]:
    """'%50%text' → ('text', 50, True); the weight never stays in the text."""
    found = WEIGHT.match(raw.strip())
    if not found:
        return raw.strip(), default, False
    return raw.strip()[found.end() :], moodle_fraction(found.group(1), where, report), True


def _feedback(raw: str, fmt: str) -> tuple[str, str]:
    answer, _sep, feedback = raw.partition("#")
    return _text(answer, fmt)[0], _text(feedback, fmt)[0]


def _multichoice(question: ParsedQuestion, body: str, fmt: str, psa: dict, report: ParseReport) -> None:
    where = question.source
    single = "=" in body  # Moodle: one answer only when some answer is marked =
    parts = [part.strip() for part in body.replace("=", "~=").split("~")]
    parts = parts[1:] if parts and not parts[0] else parts
    options, weighted = [], False
    for part in parts:
        marked = part.startswith("=")
        text, fraction, has_weight = _weighted(
            part[1:] if marked else part, Decimal(100 if marked else 0), where, report
        )
        weighted |= has_weight
        text, feedback = _feedback(text, fmt)
        options.append(ParsedOption(text=text, correct=False, fraction=fraction, feedback=feedback))
    question.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    if any(o.fraction is None for o in options):
        question.qtype = ""  # a share Moodle refuses: reported, nothing more to check
        return
    plain_single = single and sorted(o.fraction for o in options)[-2:] == [0, 100] and not weighted
    for option in options:
        option.correct = option.fraction == 100 if single else option.fraction > 0
        if plain_single or (not single and psa.get("scoring") == "rule"):
            option.fraction = None
    question.options = options


def _shortanswer(question: ParsedQuestion, body: str, fmt: str, report: ParseReport) -> None:
    parts = [part.strip() for part in body.split("=")]
    answers = []
    for part in parts[1:] if parts and not parts[0] else parts:
        raw, fraction, _has = _weighted(part, Decimal(100), question.source, report)
        text, feedback = _feedback(raw, fmt)
        answers.append(
            ParsedAnswer(text=text, fraction=fraction if fraction is not None else Decimal(0), feedback=feedback)
        )
    question.qtype = QuestionType.FILL_IN
    text_answers(question, answers)


def _numerical(question: ParsedQuestion, body: str, fmt: str, report: ParseReport) -> None:
    where = question.source
    body, tilde, wrong = body[1:].partition("~")
    parts = [part.strip() for part in body.split("=")]
    answers = []
    for part in parts[1:] if parts and not parts[0] else parts:
        raw, fraction, _has = _weighted(part, Decimal(100), where, report)
        number, feedback = _feedback(raw, fmt)
        answer = ParsedAnswer(fraction=fraction if fraction is not None else Decimal(0), feedback=feedback)
        if number == "*":
            answer.text = "*"
        elif ".." in number[1:]:
            low, high = (parse_decimal(n) for n in number.split("..", 1))
            if low is None or high is None:
                report.error(where, _("“%(answer)s” is not a number range.") % {"answer": number})
                continue
            answer.value, answer.tolerance = (low + high) / 2, (high - low) / 2
        else:
            value, _sep, tolerance = number.partition(":")
            answer.value, answer.tolerance = parse_decimal(value), parse_decimal(tolerance or "0")
            if answer.value is None or answer.tolerance is None:
                report.error(where, _("“%(answer)s” is not a number with a tolerance.") % {"answer": number})
                continue
        answers.append(answer)
    if tilde:
        answers.append(ParsedAnswer(text="*", fraction=Decimal(0), feedback=_feedback(wrong, fmt)[1]))
    question.qtype = QuestionType.NUMERICAL
    question.answers = answers


def _read_question(question: ParsedQuestion, text: str, psa: dict, report: ParseReport) -> bool:
    """Fill `question` from one block's text (escapes protected); False when it is skipped."""
    where = question.source
    if "{" not in text and "}" not in text:
        report.skip(where, "description")
        return False
    if text.count("{") != 1 or text.count("}") != 1 or text.index("{") > text.index("}"):
        report.error(where, _("Each question needs exactly one {…} answer block."))
        return False
    start, end = text.index("{"), text.index("}")
    body = text[start + 1 : end].strip()
    stem = text[:start] if text.rstrip().endswith("}") else text[:start] + BLANK + text[end + 1 :]
    if "####" in body:
        body, general = body.rsplit("####", 1)
        body = body.strip()
    else:
        general = ""
    question.stem, fmt = _text(stem)
    question.explanation = _text(general, fmt)[0]
    if body == "":
        question.qtype = QuestionType.ESSAY
    elif body.startswith("#"):
        _numerical(question, body, fmt, report)
    elif "~" in body:
        _multichoice(question, body, fmt, psa, report)
    elif "=" in body and "->" in body:
        report.skip(where, "match")
        return False
    elif body.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        answer, *feedback = body.split("#", 2)
        wrong, right = ([_text(f, fmt)[0] for f in feedback] + ["", ""])[:2]
        question.qtype = QuestionType.TRUE_FALSE
        question.correct_true = answer.strip() in ("T", "TRUE")
        question.true_feedback, question.false_feedback = (right, wrong) if question.correct_true else (wrong, right)
    else:
        _shortanswer(question, body, fmt, report)
    return True


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
    context, path = "", []
    number = 0
    for line_no, comments, lines in _blocks(text):
        block = _protect("\n".join(lines).strip())
        if block.startswith("$CATEGORY:"):
            context, path = split_category(clean(_restore(block[len("$CATEGORY:") :].strip())))
            continue
        number += 1
        where = _("question %(number)s (line %(line)s)") % {"number": number, "line": line_no}
        name = ""
        if block.startswith("::") and "::" in block[2:]:
            end = block.index("::", 2)
            name, block = clean(_restore(block[2:end])), block[end + 2 :].strip()
            where += f" “{name}”"
        question = ParsedQuestion(source=where, name=name, category_context=context, category_path=path)
        psa = _metadata(question, comments, report)
        if not _read_question(question, block, psa, report):
            continue
        validate(question, report)
        report.questions.append(question)
    if not report.questions and not report.errors and not report.skipped:
        report.error(_("file"), _("The file has no questions."))
    return report
