"""The quiz paper's questions, written in Python rather than a template: the paper of a timed
exam is opened by everyone at once at 09:00, and a 20-question paper through Django's template
engine cost about 11 ms of a web process's CPU (bench/request_cpu.py, "quiz paper"). The markup
is the same as a template would write, every value escaped by format_html."""

from django import template
from django.template.defaultfilters import floatformat, linebreaksbr
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext, pgettext

register = template.Library()


@register.filter
def chosen(option_id, response) -> bool:
    """Whether an option id is among a saved choice response."""
    return isinstance(response, list) and option_id in response


# Constant attribute strings, safe as written (no mark_safe on anything that varies).
_FLAGS = {
    (False, False): SafeString(""),
    (True, False): SafeString(" checked"),
    (False, True): SafeString(" disabled"),
    (True, True): SafeString(" checked disabled"),
}
_HIDDEN = SafeString(" hidden")
_DECIMAL = SafeString(' inputmode="decimal"')
_LOCKED = SafeString(' data-locked="1"')


def _flags(*, checked: bool, disabled: bool) -> SafeString:
    return _FLAGS[checked, disabled]


def _value(response) -> str:
    return "" if response is None else str(response)


@register.simple_tag
def question_inputs(item, readonly: bool = False) -> SafeString:
    """The answer inputs of one paper item (quizzes.selectors.papers.PaperItem), with its saved
    response filled in; disabled when the answer is locked or the paper is read-only."""
    disabled = bool(item.locked or readonly)
    name = f"q{item.question.pk}"
    if item.qtype in ("single", "multiple"):
        kind = "radio" if item.qtype == "single" else "checkbox"
        inner = format_html_join(
            "\n  ",
            '<label class="option"><input type="{}" name="{}" value="{}"{}> <b>{}.</b> {}</label>',
            (
                (
                    kind,
                    name,
                    o["id"],
                    _flags(checked=chosen(o["id"], item.response), disabled=disabled),
                    o["label"],
                    o["text"],
                )
                for o in item.options
            ),
        )
    elif item.qtype == "true_false":
        inner = format_html_join(
            "\n  ",
            '<label class="option"><input type="radio" name="{}" value="{}"{}> {}</label>',
            (
                (name, value, _flags(checked=item.response is truth, disabled=disabled), label)
                for value, truth, label in (
                    ("true", True, pgettext("true or false answer", "True")),
                    ("false", False, pgettext("true or false answer", "False")),
                )
            ),
        )
    elif item.qtype in ("numerical", "fill_in"):
        numerical = item.qtype == "numerical"
        inner = format_html(
            '<input type="text"{} name="{}" maxlength="{}" autocomplete="off" value="{}" aria-label="{}"{}>',
            _DECIMAL if numerical else "",
            name,
            40 if numerical else 200,
            _value(item.response),
            gettext("Your answer (a number)") if numerical else gettext("Your answer"),
            _flags(checked=False, disabled=disabled),
        )
    else:
        inner = format_html(
            '<textarea name="{}" rows="6" maxlength="5000" aria-label="{}"{}>{}</textarea>',
            name,
            gettext("Your answer"),
            _flags(checked=False, disabled=disabled),
            _value(item.response),
        )
    return format_html('<div class="answer-inputs">\n  {}\n</div>', inner)


@register.simple_tag
def paper_questions(items, feedback_each: bool) -> SafeString:
    """Every question of the paper being answered, in the attempt's order."""
    total = len(items)
    return format_html_join(
        "\n  ", "{}", ((paper_question(item, total, index, feedback_each),) for index, item in enumerate(items))
    )


def paper_question(item, total: int, index: int, feedback_each: bool) -> SafeString:
    """One question of the paper being answered: its heading, stem, image, inputs, the feedback
    already shown for a checked answer, and the slots the player fills in."""
    question = item.question
    points = floatformat(question.points, "-2")
    heading = format_html(
        "{} · {} · {}",
        gettext("Question %(number)s of %(total)s") % {"number": item.number, "total": total},
        question.get_qtype_display(),
        ngettext("%(points)s point", "%(points)s points", question.points) % {"points": points},
    )
    image = (
        format_html('<img class="question-image" src="{}" alt="">', question.image.file.url) if question.image else ""
    )
    feedback = (
        render_to_string("quizzes/includes/feedback.html", {"feedback": item.feedback, "item": item})
        if item.feedback
        else ""
    )
    check = (
        format_html(
            '<button type="button" class="check-answer"{}>{}</button>',
            _HIDDEN if item.locked else "",
            gettext("Check answer"),
        )
        if feedback_each
        else ""
    )
    return format_html(
        '<section class="card question" id="q{}" data-qid="{}" data-type="{}" data-version="{}" data-index="{}"{}>\n'
        '    <p class="muted">{}</p>\n'
        '    <h2 class="stem">{}</h2>\n'
        "    {}{}\n    {}\n"
        '    <div class="feedback-slot"></div>\n'
        '    <p class="save-status muted" aria-live="polite"></p>\n'
        "    {}\n  </section>",
        question.pk,
        question.pk,
        item.qtype,
        item.version,
        index,
        _LOCKED if item.locked else "",
        heading,
        linebreaksbr(question.stem, autoescape=True),
        image,
        question_inputs(item),
        feedback,
        check,
    )


@register.simple_tag
def answer_sheet(items) -> SafeString:
    """The answer sheet's grid: a button per question, marked answered or not."""
    return format_html_join(
        "",
        '<li><button type="button" class="sheet-cell {}" data-goto="{}" data-qid="{}">{}</button></li>',
        (
            ("answered" if item.answered else "unanswered", index, item.question.pk, item.number)
            for index, item in enumerate(items)
        ),
    )
