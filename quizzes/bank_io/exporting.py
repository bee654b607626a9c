"""What the three exporters share: a question's category path, its options' shares of the points
as a Moodle file must state them, and the way each format writes a number."""

from decimal import Decimal

from quizzes.bank_io.common import join_category
from quizzes.models.bank import MOODLE_FRACTIONS, QuestionType, format_number


def category_path_of(category) -> str:
    """`$course$/top/法律法规/物业费`: the names from the top, after the top category's Moodle
    context when it has one."""
    names, node = [], category
    while node is not None:
        names.append(node.name)
        top, node = node, node.parent
    return join_category(top.moodle_context if category is not None else "", list(reversed(names)))


def _snap(value: Decimal) -> Decimal:
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(value) - allowed) < Decimal("0.001"):
            return allowed if value >= 0 else -allowed
    return value.quantize(Decimal("0.00001"))


def option_fractions(question) -> tuple[list[tuple[object, Decimal]], bool]:
    """Each option with the share a Moodle file gives it, and whether the question follows the
    quiz's multiple-choice rule instead (options without shares). A single choice without shares
    is 100 for the correct option and 0 for the others; a multiple choice without shares is
    written as Moodle would score an even split (correct 100/k, wrong −100/w) and marked as
    following the quiz's rule, so an import back keeps it so."""
    options = sorted(question.options.all(), key=lambda o: (o.sort_order or 0, o.pk))
    if any(o.fraction is not None for o in options):
        return [(o, Decimal(o.fraction if o.fraction is not None else 0)) for o in options], False
    if question.qtype == QuestionType.SINGLE:
        return [(o, Decimal(100 if o.is_correct else 0)) for o in options], False
    correct = sum(1 for o in options if o.is_correct) or 1
    wrong = max(1, len(options) - correct)
    return [(o, _snap(Decimal(100) / correct if o.is_correct else Decimal(-100) / wrong)) for o in options], True


def number(value) -> str:
    return format_number(Decimal(value))
