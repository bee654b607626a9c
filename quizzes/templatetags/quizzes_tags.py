"""The quiz paper's questions, written in Python rather than a template: the paper of a timed
exam is opened by everyone at once at 09:00, and a 20-question paper through Django's template
engine cost about 11 ms of a web process's CPU (bench/request_cpu.py, "quiz paper"). The markup
is the same as a template would write; how each value is escaped is said above _FLAGS."""

import html
from dataclasses import dataclass

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext, pgettext

from quizzes.models import QuestionType

register = template.Library()


@register.filter
def chosen(option_id, response) -> bool:
    """Whether an option id is among a saved choice response."""
    return isinstance(response, list) and option_id in response


# The paper is assembled from strings: every value that varies is escaped by _esc (the standard
# library's html.escape, the same five characters as Django's escape) or is a number, and only
# the whole is marked safe, once, in _safe. format_html per value cost the paper about a quarter of
# its CPU (bench/request_cpu.py, "quiz paper"). tests/quizzes/views/test_paper_markup.py checks
# that stems, options, answers and image addresses with markup in them come out escaped.
_FLAGS = {
    (False, False): "",
    (True, False): " checked",
    (False, True): " disabled",
    (True, True): " checked disabled",
}


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _safe(markup: str) -> SafeString:
    """The assembled markup, every varying part of it already escaped by _esc (reviewed: the
    only values not passed through _esc are ints, constants and feedback rendered by a template)."""
    return SafeString(markup)  # nosec B703


def _flags(*, checked: bool, disabled: bool) -> str:
    return _FLAGS[checked, disabled]


def _value(response) -> str:
    return "" if response is None else _esc(response)


def _inputs(item, readonly: bool = False) -> str:
    disabled = bool(item.locked or readonly)
    name = f"q{int(item.question.pk)}"
    if item.qtype in ("single", "multiple"):
        kind = "radio" if item.qtype == "single" else "checkbox"
        response = item.response
        inner = "\n  ".join(
            f'<label class="option"><input type="{kind}" name="{name}" value="{int(o["id"])}"'
            f"{_flags(checked=chosen(o['id'], response), disabled=disabled)}> "
            f"<b>{_esc(o['label'])}.</b> {_esc(o['text'])}</label>"
            for o in item.options
        )
    elif item.qtype == "true_false":
        inner = "\n  ".join(
            f'<label class="option"><input type="radio" name="{name}" value="{value}"'
            f"{_flags(checked=item.response is truth, disabled=disabled)}> {_esc(label)}</label>"
            for value, truth, label in (
                ("true", True, pgettext("true or false answer", "True")),
                ("false", False, pgettext("true or false answer", "False")),
            )
        )
    elif item.qtype in ("numerical", "fill_in"):
        numerical = item.qtype == "numerical"
        inner = (
            f'<input type="text"{' inputmode="decimal"' if numerical else ""} name="{name}" '
            f'maxlength="{40 if numerical else 200}" autocomplete="off" value="{_value(item.response)}" '
            f'aria-label="{_esc(gettext("Your answer (a number)") if numerical else gettext("Your answer"))}"'
            f"{_flags(checked=False, disabled=disabled)}>"
        )
    else:
        inner = (
            f'<textarea name="{name}" rows="6" maxlength="5000" aria-label="{_esc(gettext("Your answer"))}"'
            f"{_flags(checked=False, disabled=disabled)}>{_value(item.response)}</textarea>"
        )
    return f'<div class="answer-inputs">\n  {inner}\n</div>'


@register.simple_tag
def question_inputs(item, readonly: bool = False) -> SafeString:
    """The answer inputs of one paper item (quizzes.selectors.papers.PaperItem), with its saved
    response filled in; disabled when the answer is locked or the paper is read-only."""
    return _safe(_inputs(item, readonly))


@register.simple_tag
def paper_questions(items, feedback_each: bool) -> SafeString:
    """Every question of the paper being answered, in the attempt's order."""
    texts = _PaperTexts(
        total=len(items),
        # Each type's label translated once a paper, not once a question (get_qtype_display
        # rebuilds and hashes the choices at every call).
        qtype_labels={value: str(label) for value, label in QuestionType.choices},
        check_label=_esc(gettext("Check answer")) if feedback_each else "",
    )
    return _safe("\n  ".join(_paper_question(item, index, texts) for index, item in enumerate(items)))


@dataclass(frozen=True)
class _PaperTexts:
    """What every question of one paper shows alike."""

    total: int
    qtype_labels: dict[str, str]
    check_label: str  # empty when the quiz gives no feedback per question


def _stem(stem: str) -> str:
    """The stem as linebreaksbr writes it: escaped, each line break a <br>."""
    return _esc(stem.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _paper_question(item, index: int, texts: _PaperTexts) -> str:
    """One question of the paper being answered: its heading, stem, image, inputs, the feedback
    already shown for a checked answer, and the slots the player fills in."""
    question = item.question
    points = floatformat(question.points, "-2")
    heading = _esc(
        f"{gettext('Question %(number)s of %(total)s') % {'number': item.number, 'total': texts.total}} · "
        f"{texts.qtype_labels.get(question.qtype, question.qtype)} · "
        f"{ngettext('%(points)s point', '%(points)s points', question.points) % {'points': points}}"
    )
    image = f'<img class="question-image" src="{_esc(question.image.file.url)}" alt="">' if question.image else ""
    feedback = (
        render_to_string("quizzes/includes/feedback.html", {"feedback": item.feedback, "item": item})
        if item.feedback
        else ""
    )
    check = (
        f'<button type="button" class="check-answer"{" hidden" if item.locked else ""}>{texts.check_label}</button>'
        if texts.check_label
        else ""
    )
    qid = int(question.pk)
    return (
        f'<section class="card question" id="q{qid}" data-qid="{qid}" data-type="{_esc(item.qtype)}" '
        f'data-version="{int(item.version)}" data-index="{int(index)}"{' data-locked="1"' if item.locked else ""}>\n'
        f'    <p class="muted">{heading}</p>\n'
        f'    <h2 class="stem">{_stem(question.stem)}</h2>\n'
        f"    {image}{_inputs(item)}\n    {feedback}\n"
        '    <div class="feedback-slot"></div>\n'
        '    <p class="save-status muted" aria-live="polite"></p>\n'
        f"    {check}\n  </section>"
    )


@register.simple_tag
def answer_sheet(items) -> SafeString:
    """The answer sheet's grid: a button per question, marked answered or not."""
    return _safe(
        "".join(
            f'<li><button type="button" class="sheet-cell {"answered" if item.answered else "unanswered"}" '
            f'data-goto="{int(index)}" data-qid="{int(item.question.pk)}">{int(item.number)}</button></li>'
            for index, item in enumerate(items)
        )
    )
