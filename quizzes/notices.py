"""What the quizzes app tells people (notifications.messages.Notice)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

ESSAY_AWAITS_MARKING = Notice(
    id="quizzes.essay_awaits_marking",
    kind=Kind.MARKING,
    title=_("Essay answers to mark: %(quiz)s"),
    body=_("%(name)s handed in “%(quiz)s”; the grade is final once the essay answers are marked."),
)
MARKING_DONE = Notice(
    id="quizzes.marking_done",
    kind=Kind.MARKING,
    title=_("Your essay answers are marked: %(quiz)s"),
    body=_("Your result for “%(quiz)s” is final: %(percent)s%%."),
)
