"""Writing the bank as GIFT, as Moodle's own GIFT export writes it, so that Moodle and this site's
importer (quizzes.bank_io.gift) both read back every question as it is here: weights, per-answer
and general feedback, categories with their Moodle context, ID numbers and tags; and, in
`[psa:…]` comment tokens Moodle ignores, what GIFT has no room for."""

from quizzes.bank_io.exporting import category_path_of, number, option_fractions
from quizzes.models.bank import QuestionType


def _escape(text: str) -> str:
    """Moodle's repchar: \\ # = ~ { } : escaped, new lines written as \\n."""
    for char in "\\#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _token(text: str) -> str:
    return text.replace("]", "\\]").replace("\r", "").replace("\n", "\\n")


def _with_feedback(text: str, feedback: str) -> str:
    return text + (f"#{_escape(feedback)}" if feedback else "")


def _comments(q) -> list[str]:
    ids = [f"[id:{_token(q.idnumber)}]"] if q.idnumber else []
    tags = [f"[tag:{_token(tag.name)}]" for tag in q.tags.all()]
    psa = [
        f"[psa:points={number(q.points)}]",
        f"[psa:difficulty={q.difficulty}]",
        f"[psa:active={'yes' if q.is_active else 'no'}]",
    ]
    if q.case_sensitive:
        psa.append("[psa:case=sensitive]")
    if q.grader_info:
        psa.append(f"[psa:graderinfo={_token(q.grader_info)}]")
    return [f"// {' '.join(line)}" for line in (ids + tags, psa) if line]


def _choice_body(q) -> str:
    parts = []
    for option, fraction in option_fractions(q)[0]:
        if q.qtype == QuestionType.SINGLE and fraction == 100:
            marker = "="
        elif fraction == 0:
            marker = "~"
        else:
            marker = f"~%{number(fraction)}%"
        parts.append(_with_feedback(marker + _escape(option.text), option.feedback))
    return " ".join(parts)


def _text_answers_body(q) -> str:
    rows = q.answer_rows()
    if not rows:
        return " ".join("=" + _escape(a.replace("*", "\\*")) for a in q.accepted_answer_list())
    return " ".join(_with_feedback(f"=%{number(a.fraction)}%{_escape(a.text)}", a.feedback) for a in rows)


def _numerical_body(q) -> str:
    rows = q.answer_rows()
    parts = []
    for i, a in enumerate(rows):
        if a.is_catch_all and a.fraction == 0 and i == len(rows) - 1:
            parts.append("~" + _with_feedback("", a.feedback))
        elif a.is_catch_all:
            parts.append(_with_feedback(f"=%{number(a.fraction)}%*", a.feedback))
        else:
            parts.append(_with_feedback(f"=%{number(a.fraction)}%{number(a.value)}:{number(a.tolerance)}", a.feedback))
    return "#" + " ".join(parts)


def _body(q) -> str:
    if q.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return _choice_body(q)
    if q.qtype == QuestionType.TRUE_FALSE:
        right, wrong = (q.true_feedback, q.false_feedback) if q.correct_true else (q.false_feedback, q.true_feedback)
        feedback = f"#{_escape(wrong)}" if wrong else ("#" if right else "")
        feedback += f"#{_escape(right)}" if right else ""
        return ("TRUE" if q.correct_true else "FALSE") + feedback
    if q.qtype == QuestionType.FILL_IN:
        return _text_answers_body(q)
    if q.qtype == QuestionType.NUMERICAL:
        return _numerical_body(q)
    return ""


def export_gift(questions) -> bytes:
    """Questions (with options, answer rows, tags and the category chain prefetched) as GIFT."""
    lines: list[str] = []
    last_category = None
    for q in questions:
        path = category_path_of(q.category)
        if path != last_category:
            lines += [f"$CATEGORY: {path}", ""]
            last_category = path
        comments = _comments(q)
        if q.qtype == QuestionType.MULTIPLE and option_fractions(q)[1]:
            comments[-1] += " [psa:scoring=rule]"
        general = f" ####{_escape(q.explanation)}" if q.explanation else ""
        lines += [*comments, f"::{_escape(q.name)}::{_escape(q.stem)} {{{_body(q)}{general}}}", ""]
    return "\n".join(lines).encode("utf-8")
